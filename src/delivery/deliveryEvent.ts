import type { MoveError } from "../mover/errors";
import { classify, givenUp, shouldRetry, type Actor, type Failure } from "../mover/failure";
import type { DatasetRoute, MoveResult } from "../mover/moveObject";
import type { ObjectEvent } from "../mover/objectEvent";
import { datasetOfKey } from "../mover/routes";
import { WITHIN_A_SWEEP } from "../mover/retries";

/** What became of one exported object at one attempt, in the words a requester reads. */
export type DeliveryOutcome =
  /** Copied to the target bucket, checked, and removed from the export bucket. */
  | "delivered"
  /** Copied to the target bucket and checked; a copy stays in the export bucket (keep_files). */
  | "kept"
  /**
   * Kept, but the delivery could not be recorded on the object (it carries S3's 10 tags): final,
   * told once, and not sent again by the sweep while it has no free tag (decision 0013).
   */
  | "kept-unrecorded"
  /** An earlier attempt delivered it: a repeated event, nothing left to do. */
  | "already-delivered"
  /** Written again before it was moved: the newer version is delivered on its own. */
  | "superseded"
  /** Not moved this time; the mover tries again. */
  | "retrying"
  /** Not moved after every try: operators are alerted and the sweep sends it again. */
  | "dead-lettered"
  /** Not under any push dataset's folder: nothing will move it. */
  | "unrouted"
  /**
   * Not delivered: it breaks the dataset's contract (decision 0016). It stays in the export
   * bucket, tagged data-exports-held; final until the requester uploads a version that conforms.
   */
  | "held"
  /** A batch's seal, received: not a file, never delivered (decision 0018). */
  | "sealed"
  /** A sealed batch's files have all arrived: its signed manifest is in the target bucket. */
  | "batch-complete"
  /** A sealed batch cannot complete: one file holds it up, named in the reason; no manifest. */
  | "batch-held";

/** Who must do something for the object to arrive: decided by the mover's classifier (src/mover/failure.ts). */
export type { Actor };

/** One structured event per object per attempt. It names the object; it never carries its contents. */
export interface DeliveryEvent {
  /** ISO 8601, UTC. */
  time: string;
  outcome: DeliveryOutcome;
  dataset: string;
  key: string;
  size?: number;
  /** The object's ETag as the S3 event named it (an MD5 only for single-part, non-KMS uploads). */
  checksum?: string;
  /** Where the object goes: s3://<target bucket>/<key>. */
  target?: string;
  /** 1 for the first try. */
  attempt: number;
  /** What happened, in plain words. */
  reason: string;
  actor: Actor;
  /** What the actor must do; empty when nobody must. */
  action: string;
  /** The S3 error code of a failure. */
  code?: string;
  /** The sweep sent the object again: its own event's tries are over (ObjectEvent.resent). */
  resent?: true;
}

export interface OutcomeInput {
  event: ObjectEvent;
  result: MoveResult | MoveError;
  /** 1 for the first try. */
  attempt: number;
  /** Tries before the object's message goes to the dead-letter queue. */
  maxAttempts: number;
  routes: ReadonlyMap<string, DatasetRoute>;
  time: Date;
}

/** What a mover outcome is called, and said, in a delivery event; a failure is told by its classification. */
interface Told {
  outcome: DeliveryOutcome;
  reason: (target: string, result: MoveResult) => string;
  actor: Actor;
  /** Fixed, or read from the result when the mover found it (a hold's fix). */
  action: string | ((result: MoveResult) => string);
}

/**
 * The one vocabulary from the mover to `exports status`: each mover outcome (MoveResult) and the
 * delivery outcome it is written as. The names on both sides are read back from logs already
 * written, so they never change; the compiler holds this table complete.
 */
const TOLD: Record<MoveResult["outcome"], Told> = {
  moved: {
    outcome: "delivered",
    reason: (t) => `delivered to ${t} and removed from the export bucket`,
    actor: "nobody",
    action: "",
  },
  copied: {
    outcome: "kept",
    reason: (t) => `delivered to ${t}; a copy stays in the export bucket (keep_files)`,
    actor: "nobody",
    action: "",
  },
  "copied-unrecorded": {
    outcome: "kept-unrecorded",
    reason: (t) =>
      `delivered to ${t || "its target bucket"}; a copy stays in the export bucket (keep_files), but the delivery could not be recorded on it: it carries 10 tags, S3's limit per object, and data-exports needs one more for its delivery mark`,
    actor: "requester",
    action: `nothing for this file, which arrived. Until it has a free tag it is never sent again, not even if it goes missing from the target; to have it sent again and recorded, have one of its tags removed (the sweep then sends it ${WITHIN_A_SWEEP}). Give later files at most 9 tags`,
  },
  "already-moved": {
    outcome: "already-delivered",
    reason: () => "already delivered by an earlier try",
    actor: "nobody",
    action: "",
  },
  superseded: {
    outcome: "superseded",
    reason: () => "written again before it was moved; the newer version is delivered on its own",
    actor: "nobody",
    action: "",
  },
  sealed: {
    outcome: "sealed",
    reason: () => "the batch's seal: its signed manifest is written once every file of the batch has arrived",
    actor: "nobody",
    action: "",
  },
  "not-a-dataset": {
    outcome: "unrouted",
    reason: () => "it is not under any push dataset's folder, so nothing moves it",
    actor: "requester",
    action: "upload it again under a push dataset's folder: <dataset name>/<file>",
  },
  // The requester's to mend, not the operators': final, never retried, never dead-lettered.
  held: {
    outcome: "held",
    reason: (_, r) => `held back, not delivered: ${r.reason ?? "it breaks the dataset's contract"}`,
    actor: "requester",
    action: (r) => r.fix ?? "upload a file that meets the dataset's files: contract under the same key",
  },
};

/** The classified failure of a MoveError, its target bucket and role named from the dataset's route. */
export function failureOf(error: MoveError, route: DatasetRoute | undefined): Failure {
  return classify(error, {
    target: route?.targetBucket ?? "the target bucket",
    role: route?.roleArn ?? "the dataset's mover role",
  });
}

/** The delivery event of one mover outcome: pure, so the Lambda, the local platform and tests share it. */
export function deliveryEvent(input: OutcomeInput): DeliveryEvent {
  const { event, result, attempt, routes } = input;
  const dataset = "outcome" in result ? (result.dataset ?? datasetOfKey(event.key)) : datasetOfKey(event.key);
  const route = routes.get(dataset);
  const target = route ? `s3://${route.targetBucket}/${event.key}` : undefined;
  const size = "outcome" in result ? (result.size ?? event.size) : event.size;
  const base = {
    time: input.time.toISOString(),
    dataset,
    key: event.key,
    ...(size !== undefined ? { size } : {}),
    ...(event.eTag ? { checksum: event.eTag } : {}),
    ...(target ? { target } : {}),
    attempt,
    ...(event.resent ? { resent: true as const } : {}),
  };
  if ("outcome" in result) {
    const told = TOLD[result.outcome];
    return {
      ...base,
      outcome: told.outcome,
      reason: told.reason(target ?? "", result),
      actor: told.actor,
      action: typeof told.action === "string" ? told.action : told.action(result),
      ...(result.code ? { code: result.code } : {}),
    };
  }
  const failure = failureOf(result, route);
  const retried = shouldRetry(failure, attempt, input.maxAttempts);
  const told = retried ? failure : givenUp(failure);
  return {
    ...base,
    outcome: retried ? "retrying" : "dead-lettered",
    reason: told.reason,
    actor: told.actor,
    action: told.action,
    code: failure.code,
  };
}
