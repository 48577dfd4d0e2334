import { paginateListObjectsV2, type S3Client } from "@aws-sdk/client-s3";
import { markState, type MarkState } from "./deliveryMark";
import { httpStatus } from "./errors";
import type { DatasetRoute } from "./moveObject";
import type { ObjectEvent } from "./objectEvent";
import { failFastPool } from "./failFastPool";
import { datasetOfKey } from "./routes";

export interface SweepOptions {
  exportBucket: string;
  /** Objects older than this are sent to the mover again: their event was lost or dead-lettered. */
  requeueAfterMs: number;
  /** Objects older than this count as leftovers, which raise the alarm. */
  alarmAfterMs: number;
  now: Date;
}

export interface SweepResult {
  /** Objects to hand to the mover again, each marked as a re-send. */
  requeue: ObjectEvent[];
  /** Objects older than alarmAfterMs that should have gone: the alarm's metric. */
  leftovers: number;
  /** Objects under no push dataset: reported, never moved. */
  unrouted: string[];
  /**
   * Kept objects with no delivery mark and no room for one (S3's 10 tags): reported, never
   * re-sent, since the sweep cannot tell whether they were delivered (decision 0013).
   */
  unrecordable: string[];
  /**
   * Objects whose current version was held back for breaking its dataset's contract (tagged
   * data-exports-held): the requester's to mend, so never re-sent and never leftovers (decision 0016).
   */
  held: string[];
}

/** Kept objects whose delivery mark is looked up at once. */
const MARK_CHECKS = 16;

/**
 * Finds what the export bucket still holds that the mover should have moved or delivered. A
 * keep_files object stays by design once delivered, so it is re-sent only when its current
 * version lacks the delivery mark (a copy that failed, however many tries ago), unless it has no
 * room for a mark: such an object is reported, not re-sent, or it would be copied on every sweep.
 * Objects under no dataset are reported. A dataset with a contract: a version held back (tagged
 * data-exports-held) is the requester's to mend, so it is neither re-sent nor a leftover.
 * Reading a mark needs s3:GetObjectTagging.
 */
export async function sweep(
  s3: S3Client,
  routes: ReadonlyMap<string, DatasetRoute>,
  options: SweepOptions,
): Promise<SweepResult> {
  const result: SweepResult = { requeue: [], leftovers: 0, unrouted: [], unrecordable: [], held: [] };
  for await (const page of paginateListObjectsV2({ client: s3 }, { Bucket: options.exportBucket })) {
    const candidates: { key: string; age: number; tagged: boolean; keepFiles: boolean; size: number | undefined }[] =
      [];
    for (const object of page.Contents ?? []) {
      const key = object.Key ?? "";
      const age = options.now.getTime() - (object.LastModified?.getTime() ?? options.now.getTime());
      const route = routes.get(datasetOfKey(key));
      if (!route) {
        if (age >= options.requeueAfterMs) result.unrouted.push(key);
        continue;
      }
      if (age < options.requeueAfterMs) continue;
      // Tags tell a kept delivery (keep_files) and a held file (a contract) from an object to send again.
      const tagged = route.keepFiles || route.contract !== undefined;
      candidates.push({ key, age, tagged, keepFiles: route.keepFiles, size: object.Size });
    }
    const states = await failFastPool(candidates, MARK_CHECKS, async (c): Promise<MarkState> =>
      // A kept object deleted since the listing has nothing left to deliver.
      c.tagged
        ? await markState(s3, options.exportBucket, c.key).catch((error: unknown) => {
            if (httpStatus(error) === 404) return "delivered" as const;
            throw error;
          })
        : "undelivered",
    );
    const resend = (c: { key: string; size: number | undefined }): ObjectEvent => ({
      bucket: options.exportBucket,
      key: c.key,
      ...(c.size !== undefined ? { size: c.size } : {}),
      resent: true,
    });
    candidates.forEach((c, i) => {
      const state = states[i];
      if (state === "held") return void result.held.push(c.key);
      // Without keep_files nothing marks a delivery: an object with S3's 10 tags and no room for
      // a hold may be one held, unmarked; it is sent again to be checked, and is no leftover.
      if (state === "unrecordable" && !c.keepFiles) return void result.requeue.push(resend(c));
      if (state === "unrecordable") result.unrecordable.push(c.key);
      if (state !== "undelivered") return;
      result.requeue.push(resend(c));
      if (c.age >= options.alarmAfterMs) result.leftovers++;
    });
  }
  return result;
}
