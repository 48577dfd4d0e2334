import { MoveError } from "./errors";

/** The MoveError code of a kept object delivered whose delivery could not be recorded: it already carries S3's 10 tags. */
export const TOO_MANY_TAGS = "TooManyTags";

/**
 * Whether a mover failure is in fact a delivery: a keep_files object copied and verified whose
 * delivery mark could not be written, because it already carries S3's maximum of tags
 * (src/mover/deliveryMark.ts). Retrying would copy it again and fail again, so it is final:
 * the requester is told once, and nothing is retried or dead-lettered (decision 0013).
 */
export const unrecordedDelivery = (result: unknown): boolean =>
  result instanceof MoveError && result.code === TOO_MANY_TAGS && result.step === "mark";
