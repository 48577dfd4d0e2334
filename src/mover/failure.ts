import { WITHIN_A_SWEEP } from "./retries";
import { MoveError, httpStatus, type MoveStep } from "./errors";

/** Who must do something for the object to arrive. */
export type Actor = "nobody" | "requester" | "receiving team" | "operators";

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

/**
 * A mover failure, classified once: every report of it (the audit line, the delivery event, the
 * notice, `exports status`, the local terminal) reads these fields and decides nothing itself.
 */
export interface Failure {
  code: string;
  step: MoveStep | undefined;
  /** Who must act for the object to arrive; "nobody" while the mover's own tries may clear it. */
  actor: Actor;
  /** What happened, in the words a requester reads. */
  reason: string;
  /** What the actor must do; empty when nobody must. */
  action: string;
  /**
   * Whether another try may succeed. Every failure the mover meets is retryable today (a bucket
   * policy or a bucket can be put right between tries); what can never succeed by trying again is
   * an outcome of the move, not a failure (a kept object delivered but not recorded, decision 0013).
   */
  retryable: boolean;
}

/** Where the failure is told: the dataset's target bucket and mover role, as messages name them. */
interface Where {
  target: string;
  role: string;
  targetOwner?: string | undefined;
  /** The bucket's region, when S3 named it in a redirect. */
  region?: string | undefined;
}

type SdkError = {
  name?: string;
  Code?: string;
  BucketRegion?: string;
};

/** The error code of an SDK error, whatever form the service or the engine gave it in. */
function errorCode(error: unknown): string {
  const e = error as SdkError;
  return e?.Code ?? e?.name ?? "Unknown";
}

/** What the S3 error codes the mover tells apart mean: its message for operators, and who must act. */
interface Kind {
  /** The operator's sentence after "dataset <d>, object <k>: ". */
  message(step: MoveStep, w: Where): string;
  reason(step: MoveStep | undefined, w: Where): string;
  actor(step: MoveStep | undefined): Actor;
  action(step: MoveStep | undefined, w: Where): string;
}

const region = (w: Where) => w.region ?? "another region";

/** The one table of what each failure means. Codes it does not name are S3 busy or refusing: BUSY_OR_REFUSED. */
const KINDS: Record<"AccessDenied" | "PermanentRedirect" | "NoSuchBucket", Kind> = {
  AccessDenied: {
    message: (step, w) =>
      `AccessDenied during ${step}. ${
        step === "copy"
          ? `The owner of bucket ${w.target} must allow ${w.role} to write there: the statement is in \`npx exports plan\` and docs/receiving-teams.md.${w.targetOwner ? ` S3 also refuses when account ${w.targetOwner} (bucket_owner) no longer owns a bucket of that name: then nothing is written until the receiving team says which bucket is theirs.` : ""}`
          : `Check that ${w.role} is deployed with the dataset's policy (npx cdk diff).`
      }`,
    reason: (step, w) =>
      step === "copy"
        ? `the target bucket ${w.target} refused the mover's write (access denied)`
        : `the mover was refused access during ${step ?? "the move"} (access denied)`,
    actor: (step) => (step === "copy" ? "receiving team" : "operators"),
    action: (step, w) =>
      step === "copy"
        ? `allow ${w.role} to write to ${w.target}: the bucket policy statement is in \`npx exports plan\` and docs/receiving-teams.md`
        : `check that ${w.role} is deployed with the dataset's policy (npx cdk diff)`,
  },
  PermanentRedirect: {
    message: (_, w) =>
      `bucket ${w.target} is in ${region(w)}, and this client did not follow S3's redirect there. The mover's clients are made with followRegionRedirects (src/mover/lambda/clientConfig.ts).`,
    reason: (_, w) =>
      `the target bucket ${w.target} is in ${region(w)}, and the mover did not follow S3's redirect there`,
    actor: () => "operators",
    action: () => "make the mover's S3 clients with followRegionRedirects (src/mover/lambda/clientConfig.ts)",
  },
  NoSuchBucket: {
    message: (_, w) =>
      `the target bucket ${w.target} does not exist. The receiving team must create it, or the dataset file must name the right one.`,
    reason: (_, w) => `the target bucket ${w.target} does not exist`,
    actor: () => "receiving team",
    action: (_, w) => `create ${w.target}, or the requester corrects bucket in the dataset file`,
  },
};

/** Codes S3 gives when it is busy or failing, whatever the HTTP status. */
const TRANSIENT = new Set([
  "SlowDown",
  "ThrottlingException",
  "RequestTimeout",
  "InternalError",
  "ServiceUnavailable",
  "TimeoutError",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
]);

/** Any other code: S3 was busy or refused; the mover's tries may clear it, so nobody acts yet. */
const BUSY_OR_REFUSED = {
  message: (code: string, step: MoveStep, status: number | undefined) => {
    const busy = TRANSIENT.has(code) || (status !== undefined && status >= 500);
    const what = busy ? "S3 was busy or failing" : "S3 refused the request";
    return `${what} during ${step} (${code}${status ? `, HTTP ${status}` : ""}); it will be retried and the object stays in the export bucket.`;
  },
  reason: (code: string) => `S3 failed or was busy (${code})`,
};

const kindOf = (code: string): Kind | undefined =>
  Object.hasOwn(KINDS, code) ? KINDS[code as keyof typeof KINDS] : undefined;

/** The code a failure is known by: S3's, or the one its HTTP status stands for. */
function codeOf(error: unknown): string {
  const code = errorCode(error);
  const status = httpStatus(error);
  if (code === "AccessDenied" || status === 403) return "AccessDenied";
  if (code === "PermanentRedirect" || status === 301) return "PermanentRedirect";
  return code;
}

/**
 * Turns an S3 failure into a MoveError that says which dataset, which object, what failed and
 * what to do. A MoveError (the mover's own: a copy not verified) is already said and passes.
 */
export function explainFailure(error: unknown, c: FailureContext): MoveError {
  if (error instanceof MoveError) return error;
  const code = codeOf(error);
  const where = `dataset ${c.dataset}, object ${c.key}`;
  const w = { ...c, region: (error as SdkError)?.BucketRegion };
  const kind = kindOf(code);
  const message = kind ? kind.message(c.step, w) : BUSY_OR_REFUSED.message(code, c.step, httpStatus(error));
  return new MoveError(`${where}: ${message}`, { code, step: c.step, cause: error });
}

/** The failure a MoveError stands for, its target bucket and mover role named as `w` gives them. */
export function classify(error: MoveError, w: Where): Failure {
  const kind = kindOf(error.code);
  const region = (error.cause as SdkError | undefined)?.BucketRegion;
  const at = { ...w, region };
  return {
    code: error.code,
    step: error.step,
    actor: kind ? kind.actor(error.step) : "nobody",
    reason: kind ? kind.reason(error.step, at) : BUSY_OR_REFUSED.reason(error.code),
    action: kind ? kind.action(error.step, at) : "",
    retryable: true,
  };
}

/** Whether the object is tried again after this try: the one answer the Lambda, the local queue and the event read. */
export const shouldRetry = (failure: Failure, attempt: number, maxTries: number): boolean =>
  failure.retryable && attempt < maxTries;

/**
 * A failure once the mover has given up: one that needed nobody while it retried (S3 busy) now
 * needs the operators; one that needed a person still does.
 */
export function givenUp(failure: Failure): Failure {
  if (failure.actor !== "nobody") return failure;
  return {
    ...failure,
    actor: "operators",
    action: `read the mover's error log; the sweep sends the object again ${WITHIN_A_SWEEP}`,
  };
}
