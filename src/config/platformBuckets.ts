import { accessLogsBucketName } from "../plan/names";
import type { Settings } from "./settings";

/**
 * The buckets this platform creates or owns, each with what it is: the export bucket, its
 * access-log bucket and the settings' reserved_buckets. No push dataset may send files to one (the
 * mover, in the same account, could write there on its own policy), and no pull bucket may take a
 * name of one (the deployment would fail, or take over the bucket).
 */
export function platformBuckets(settings: Settings): Map<string, string> {
  const buckets = new Map<string, string>();
  for (const name of settings.reservedBuckets)
    buckets.set(name, "a bucket of the platform's own (reserved_buckets in exports.settings.yaml)");
  buckets.set(accessLogsBucketName(settings.exportBucket), "the platform's access-log bucket");
  buckets.set(settings.exportBucket, "the export bucket");
  return buckets;
}
