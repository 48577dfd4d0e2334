import type { Issue } from "../../config/issue";
import { message, quote } from "../../config/message";
import { bucketNameProblem } from "../../config/names";
import { SETTINGS_FILE, type Settings } from "../../config/settings";
import { accessLogsBucket } from "../names";

/**
 * The buckets the platform derives from the settings must be valid S3 names too: a long
 * export_bucket makes `<export_bucket>-access-logs` pass S3's 63 characters.
 */
export function platformBucketNames(settings: Settings): Issue[] {
  const name = accessLogsBucket(settings.exportBucket);
  const problem = bucketNameProblem(name);
  if (!problem) return [];
  const room = 63 - (name.length - settings.exportBucket.length);
  const what = `The access-log bucket derived from export_bucket (${quote(name)}) ${problem}`;
  return [
    {
      file: SETTINGS_FILE,
      line: 1,
      column: 1,
      rule: "platform-bucket-name",
      severity: "error",
      message: message(what, quote(settings.exportBucket), `Choose an export_bucket of at most ${room} characters.`),
    },
  ];
}
