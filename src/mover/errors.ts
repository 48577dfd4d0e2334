/** The step of a move that failed: reading the source, copying (verification included), deleting, or marking a kept one. */
export type MoveStep = "read" | "copy" | "delete" | "mark";

/** Why a move failed, said for the operator and the receiving team. */
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

/** What the mover knows about the object at the point of failure. */
export interface FailureContext {
  dataset: string;
  key: string;
  step: MoveStep;
  target: string;
  role: string;
  /** The account that must own the target bucket, when the dataset says (bucket_owner). */
  targetOwner?: string;
}

type SdkError = {
  name?: string;
  Code?: string;
  BucketRegion?: string;
  $metadata?: { httpStatusCode?: number };
  message?: string;
};

/** The error code of an SDK error, whatever form the service or the engine gave it in. */
function errorCode(error: unknown): string {
  const e = error as SdkError;
  return e?.Code ?? e?.name ?? "Unknown";
}

export const httpStatus = (error: unknown) => (error as SdkError)?.$metadata?.httpStatusCode;

/** Turns an S3 failure into a MoveError that says which dataset, which object, what failed and what to do. */
export function explainFailure(error: unknown, c: FailureContext): MoveError {
  if (error instanceof MoveError) return error;
  const code = errorCode(error);
  const status = httpStatus(error);
  const where = `dataset ${c.dataset}, object ${c.key}`;
  if (code === "AccessDenied" || status === 403) {
    const advice =
      c.step === "copy"
        ? `The owner of bucket ${c.target} must allow ${c.role} to write there: the statement is in \`npx exports plan\` and docs/receiving-teams.md.${c.targetOwner ? ` S3 also refuses when account ${c.targetOwner} (bucket_owner) no longer owns a bucket of that name: then nothing is written until the receiving team says which bucket is theirs.` : ""}`
        : `Check that ${c.role} is deployed with the dataset's policy (npx cdk diff).`;
    return new MoveError(`${where}: AccessDenied during ${c.step}. ${advice}`, {
      code: "AccessDenied",
      step: c.step,
      cause: error,
    });
  }
  if (code === "PermanentRedirect" || status === 301) {
    const region = (error as SdkError)?.BucketRegion;
    return new MoveError(
      `${where}: bucket ${c.target} is in ${region ?? "another region"}, and this client did not follow S3's redirect there. The mover's clients are made with followRegionRedirects (src/mover/lambda/clientConfig.ts).`,
      { code: "PermanentRedirect", step: c.step, cause: error },
    );
  }
  if (code === "NoSuchBucket") {
    return new MoveError(
      `${where}: the target bucket ${c.target} does not exist. The receiving team must create it, or the dataset file must name the right one.`,
      { code, step: c.step, cause: error },
    );
  }
  const transient = [
    "SlowDown",
    "ThrottlingException",
    "RequestTimeout",
    "InternalError",
    "ServiceUnavailable",
    "TimeoutError",
    "ECONNRESET",
    "EPIPE",
    "ETIMEDOUT",
  ];
  const busy = transient.includes(code) || (status !== undefined && status >= 500);
  const what = busy ? "S3 was busy or failing" : "S3 refused the request";
  return new MoveError(
    `${where}: ${what} during ${c.step} (${code}${status ? `, HTTP ${status}` : ""}); it will be retried and the object stays in the export bucket.`,
    { code, step: c.step, cause: error },
  );
}
