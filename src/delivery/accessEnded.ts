import type { PushDataset } from "../config/dataset";
import { accessEndInstant, hasExpired } from "../config/expiry";
import { renewal } from "../config/rules/renewal";
import type { Settings } from "../config/settings";
import { WITHIN_A_SWEEP } from "../mover/retries";
import { refusalSid } from "../plan/policies/refuseWritesAfterExpiry";

/**
 * Why a push dataset's uploads are refused once its access has ended, and what its requester
 * can do next, in words: S3's AccessDenied names only the kind of policy that denied, never the
 * statement or the reason. What is refused and what is kept, then both ways on: renewing (the
 * paperwork, the line to change, and where uploads go once it is deployed), or, when the agreement
 * ended on purpose, nothing. One sentence a line; undefined while access lasts. Pure: the clock
 * is the caller's.
 */
export function accessEnded(dataset: PushDataset, settings: Settings, now: Date): string[] | undefined {
  const { expires } = dataset;
  if (expires === undefined || !hasExpired(expires, settings.timeZone, now)) return undefined;
  const at = accessEndInstant(expires, settings.timeZone);
  const prefix = `s3://${settings.exportBucket}/${dataset.name}/`;
  return [
    `Access to push dataset ${dataset.name} ended after ${expires} (${settings.timeZone}; at ${at}).`,
    `Uploads to ${prefix} are refused with AccessDenied (an explicit deny in the export bucket's policy, statement ${refusalSid(expires)}), and there is no other place to send them. Files uploaded before the end and not yet delivered stay there, not moved.`,
    `Nothing is deleted: files already delivered stay in s3://${dataset.bucket}/${dataset.name}/.`,
    `If the agreement goes on: ${renewal(dataset)}`,
    `Make that change in a pull request from the branch push_dataset/${dataset.name}. Once it is merged and deployed, upload to ${prefix} as before; files still waiting there are delivered ${WITHIN_A_SWEEP}.`,
    `If the agreement ended on purpose, there is nothing to do: the daily pull request "Data exports: agreements ending" removes ${dataset.file}. Files still waiting in ${prefix} are then never delivered; ask the operators if they should be removed.`,
  ];
}
