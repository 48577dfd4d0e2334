import type { MoveError } from "../mover/errors";
import type { DatasetRoute, MoveResult } from "../mover/moveObject";
import type { ObjectEvent } from "../mover/objectEvent";
import { datasetOfKey } from "../mover/routes";
import { unrecordedDelivery } from "../mover/unrecordedDelivery";
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
  | "unrouted";

/** Who must do something for the object to arrive. */
export type Actor = "nobody" | "requester" | "receiving team" | "operators";

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

const DONE: Record<MoveResult["outcome"], { outcome: DeliveryOutcome; reason: (target: string) => string }> = {
  moved: { outcome: "delivered", reason: (t) => `delivered to ${t} and removed from the export bucket` },
  copied: { outcome: "kept", reason: (t) => `delivered to ${t}; a copy stays in the export bucket (keep_files)` },
  "already-moved": { outcome: "already-delivered", reason: () => "already delivered by an earlier try" },
  superseded: {
    outcome: "superseded",
    reason: () => "written again before it was moved; the newer version is delivered on its own",
  },
  "not-a-dataset": {
    outcome: "unrouted",
    reason: () => "it is not under any push dataset's folder, so nothing moves it",
  },
};

/** Who must act on a failure, and what they must do, from its S3 error code and step. */
function failureAdvice(error: MoveError, route: DatasetRoute | undefined, lastTry: boolean) {
  const bucket = route?.targetBucket ?? "the target bucket";
  const role = route?.roleArn ?? "the dataset's mover role";
  if (error.code === "AccessDenied" && error.step === "copy")
    return {
      reason: `the target bucket ${bucket} refused the mover's write (access denied)`,
      actor: "receiving team" as const,
      action: `allow ${role} to write to ${bucket}: the bucket policy statement is in \`npx exports plan\` and docs/receiving-teams.md`,
    };
  if (error.code === "AccessDenied")
    return {
      reason: `the mover was refused access during ${error.step ?? "the move"} (access denied)`,
      actor: "operators" as const,
      action: `check that ${role} is deployed with the dataset's policy (npx cdk diff)`,
    };
  if (error.code === "NoSuchBucket")
    return {
      reason: `the target bucket ${bucket} does not exist`,
      actor: "receiving team" as const,
      action: `create ${bucket}, or the requester corrects target_bucket in the dataset file`,
    };
  return {
    reason: `S3 failed or was busy (${error.code})`,
    actor: lastTry ? ("operators" as const) : ("nobody" as const),
    action: lastTry ? `read the mover's error log; the sweep sends the object again ${WITHIN_A_SWEEP}` : "",
  };
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
    const done = DONE[result.outcome];
    if (done.outcome === "unrouted")
      return {
        ...base,
        outcome: "unrouted",
        reason: done.reason(""),
        actor: "requester",
        action: "upload it again under a push dataset's folder: <dataset name>/<file>",
      };
    return { ...base, outcome: done.outcome, reason: done.reason(target ?? ""), actor: "nobody", action: "" };
  }
  if (unrecordedDelivery(result))
    return {
      ...base,
      outcome: "kept-unrecorded",
      reason: `delivered to ${target ?? "its target bucket"}; a copy stays in the export bucket (keep_files), but the delivery could not be recorded on it: it carries 10 tags, S3's limit per object, and data-exports needs one more for its delivery mark`,
      actor: "requester",
      action: `nothing for this file, which arrived. Until it has a free tag it is never sent again, not even if it goes missing from the target; to have it sent again and recorded, have one of its tags removed (the sweep then sends it ${WITHIN_A_SWEEP}). Give later files at most 9 tags`,
      code: result.code,
    };
  const lastTry = attempt >= input.maxAttempts;
  return {
    ...base,
    outcome: lastTry ? "dead-lettered" : "retrying",
    ...failureAdvice(result, route, lastTry),
    code: result.code,
  };
}
