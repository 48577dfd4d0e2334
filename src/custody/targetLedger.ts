import { ListObjectsV2Command, type S3Client } from "@aws-sdk/client-s3";
import { isBatchFile } from "../mover/batchNames";
import type { DatasetRoute } from "../mover/moveObject";
import { objectSha256 } from "./objectDigest";
import type { DeliveryRecord, Ledger } from "./record";

/**
 * A stand-in ledger until the delivery ledger (issue 26, item 1) is wired in: it answers
 * `deliveredUnder` from what is in the dataset's target bucket, read with `reader` (a client
 * that may list and read the target: the engine's owner on the local platform), each object
 * hashed as it is read. It records nothing (`append` keeps nothing), and it cannot tell a file
 * the mover delivered from one written there otherwise: replace it with the S3 ledger where the
 * local mover builds it (src/local/localMover.ts, `ledger:`).
 */
export function targetLedger(
  reader: S3Client,
  routes: ReadonlyMap<string, DatasetRoute>,
  exportBucket: string,
): Ledger {
  return {
    append: () => Promise.resolve(),
    // It records nothing, so it has no history to give.
    history: () => Promise.resolve([]),
    async deliveredUnder(dataset, prefix) {
      const bucket = routes.get(dataset)?.targetBucket;
      const found = new Map<string, DeliveryRecord>();
      if (!bucket) return found;
      let token: string | undefined;
      do {
        const page = await reader.send(
          new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ...(token ? { ContinuationToken: token } : {}) }),
        );
        for (const o of page.Contents ?? []) {
          if (o.Key === undefined || isBatchFile(o.Key)) continue;
          const { sha256, size } = await objectSha256(reader, bucket, o.Key);
          const at = (o.LastModified ?? new Date()).toISOString();
          found.set(o.Key, {
            format: "data-exports/delivery/1",
            recordedAt: at,
            dataset,
            outcome: "delivered",
            source: { bucket: exportBucket, key: o.Key, size, sha256 },
            target: { bucket, key: o.Key, arrivedAt: at },
          });
        }
        token = page.NextContinuationToken;
      } while (token);
      return found;
    },
  };
}
