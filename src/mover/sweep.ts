import { ListObjectsV2Command, type S3Client } from "@aws-sdk/client-s3";
import type { DatasetRoute } from "./moveObject";
import type { ObjectEvent } from "./objectEvent";

export interface SweepOptions {
  exportBucket: string;
  /** Objects older than this are sent to the mover again: their event was lost or dead-lettered. */
  requeueAfterMs: number;
  /** Objects older than this count as leftovers, which raise the alarm. */
  alarmAfterMs: number;
  now: Date;
}

export interface SweepResult {
  /** Objects to hand to the mover again. */
  requeue: ObjectEvent[];
  /** Objects older than alarmAfterMs that should have gone: the alarm's metric. */
  leftovers: number;
  /** Objects under no push dataset: reported, never moved. */
  unrouted: string[];
}

/**
 * Finds what the export bucket still holds that the mover should have moved. keep_files datasets
 * are skipped (their objects stay by design), and objects under no dataset are reported.
 */
export async function sweep(
  s3: S3Client,
  routes: ReadonlyMap<string, DatasetRoute>,
  options: SweepOptions,
): Promise<SweepResult> {
  const result: SweepResult = { requeue: [], leftovers: 0, unrouted: [] };
  let token: string | undefined;
  do {
    const page = await s3.send(
      new ListObjectsV2Command({ Bucket: options.exportBucket, ...(token ? { ContinuationToken: token } : {}) }),
    );
    for (const object of page.Contents ?? []) {
      const key = object.Key ?? "";
      const age = options.now.getTime() - (object.LastModified?.getTime() ?? options.now.getTime());
      const route = routes.get(key.includes("/") ? key.slice(0, key.indexOf("/")) : "");
      if (!route) {
        if (age >= options.requeueAfterMs) result.unrouted.push(key);
        continue;
      }
      if (route.keepFiles || age < options.requeueAfterMs) continue;
      result.requeue.push({
        bucket: options.exportBucket,
        key,
        ...(object.Size !== undefined ? { size: object.Size } : {}),
      });
      if (age >= options.alarmAfterMs) result.leftovers++;
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return result;
}
