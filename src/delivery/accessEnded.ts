import type { PushDataset } from "../config/dataset";
import { accessEndInstant, hasExpired } from "../config/expiry";
import { renewal } from "../config/rules/renewal";
import type { Settings } from "../config/settings";
import { refusalSid } from "../plan/policies/refuseWritesAfterExpiry";

/**
 * Why a push dataset's uploads are refused once its access has ended, in words for its requester:
 * S3's AccessDenied names only the kind of policy that denied, never the statement or the reason.
 * One sentence a line; undefined while access lasts. Pure: the clock is the caller's.
 */
export function accessEnded(dataset: PushDataset, settings: Settings, now: Date): string[] | undefined {
  const { expires } = dataset;
  if (expires === undefined || !hasExpired(expires, settings.timeZone, now)) return undefined;
  const at = accessEndInstant(expires, settings.timeZone);
  return [
    `Access to push dataset ${dataset.name} ended after ${expires} (${settings.timeZone}; at ${at}).`,
    `Uploads under s3://${settings.exportBucket}/${dataset.name}/ are refused with AccessDenied (an explicit deny in the export bucket's policy, statement ${refusalSid(expires)}), and files still there are no longer moved.`,
    `Nothing is deleted: files already delivered stay in s3://${dataset.bucket}/${dataset.name}/.`,
    renewal(dataset),
  ];
}
