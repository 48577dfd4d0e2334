/**
 * The step of a move that failed: reading the source, checking it against its dataset's contract
 * (ranged reads), copying (verification included), deleting, or marking a kept or held one.
 */
export type MoveStep = "read" | "check" | "copy" | "delete" | "mark";

/**
 * Why a move failed, said for the operator and the receiving team. What it means (who must act,
 * whether it is retried) is decided once, from its code and step, in src/mover/failure.ts.
 */
export class MoveError extends Error {
  override name = "MoveError";
  readonly code: string;
  /** Where the move failed, when it is known: delivery events decide who must act from it. */
  readonly step: MoveStep | undefined;

  constructor(message: string, options: { code: string; step?: MoveStep; cause?: unknown }) {
    super(message, { cause: options.cause });
    this.code = options.code;
    this.step = options.step;
  }
}

type SdkError = { $metadata?: { httpStatusCode?: number } };

/** The HTTP status of an SDK error, when it has one. */
export const httpStatus = (error: unknown) => (error as SdkError)?.$metadata?.httpStatusCode;
