import type { DeliveryRecord } from "../custody/record";
import { MoveError } from "../mover/errors";
import type { DatasetRoute, MoveResult } from "../mover/moveObject";
import type { Handled } from "./afterMove";

/** The mover outcomes after which the object is in the target bucket: the records that name where it arrived. */
const ARRIVED = new Set<MoveResult["outcome"]>(["moved", "copied", "copied-unrecorded"]);

/**
 * The ledger's record of one object's try, whatever its outcome (failures too: "retrying" or
 * "dead-lettered", with S3's code), in the delivery event's words. Pure: what it holds comes from
 * the event (the uploader and upload time S3 named), the mover's result (versions, digest) and
 * the route (the target bucket, the dataset file and its deployed commit).
 */
export function deliveryRecord(h: Handled, routes: ReadonlyMap<string, DatasetRoute>): DeliveryRecord {
  const { event } = h.tried;
  const { delivery } = h;
  const result = h.result instanceof MoveError ? undefined : h.result;
  const route = routes.get(delivery.dataset);
  const versionId = result?.versionId ?? event.versionId;
  const uploadedAt = event.uploadedAt ?? result?.uploadedAt;
  const source = {
    bucket: event.bucket,
    key: event.key,
    ...(versionId ? { versionId } : {}),
    ...(delivery.size !== undefined ? { size: delivery.size } : {}),
    ...(result?.sha256 ? { sha256: result.sha256 } : {}),
    ...(event.uploadedBy ? { uploadedBy: event.uploadedBy } : {}),
    ...(uploadedAt ? { uploadedAt } : {}),
  };
  const arrived = result && route && ARRIVED.has(result.outcome);
  return {
    format: "data-exports/delivery/1",
    recordedAt: delivery.time,
    dataset: delivery.dataset,
    outcome: delivery.outcome,
    ...(delivery.code ? { code: delivery.code } : {}),
    source,
    ...(route?.datasetFile ? { datasetFile: route.datasetFile } : {}),
    ...(arrived
      ? {
          target: {
            bucket: route.targetBucket,
            key: event.key,
            ...(result.targetVersionId ? { versionId: result.targetVersionId } : {}),
            arrivedAt: delivery.time,
          },
        }
      : {}),
  };
}
