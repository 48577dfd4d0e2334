import { PULL_NAME, bucketNameProblem, pullBucketName } from "../names";
import { stringValue, valueNode, type DatasetRule } from "../dataset";
import { message, quote } from "../message";

const BUCKET_MAX = 63;
// S3's reserved endings, as a pull name spells them (an underscore becomes a hyphen in the bucket).
const RESERVED_ENDING = /[-_]s3alias$|[-_]{2}ol[-_]s3$|[-_]{2}x[-_]s3$|[-_]{2}table[-_]s3$/;

/**
 * A name near `name` whose pull bucket S3 takes: a reserved ending dropped, cut to the bucket's
 * length, and ending in a letter or digit. undefined when nothing of the name is left.
 */
function fittingName(name: string, prefix: string): string | undefined {
  const room = BUCKET_MAX - pullBucketName(prefix, "").length;
  const fitted = name
    .replace(RESERVED_ENDING, "")
    .slice(0, room)
    .replace(/[-_]+$/, "");
  return fitted !== "" && bucketNameProblem(pullBucketName(prefix, fitted)) === undefined ? fitted : undefined;
}

export const pullBucketNameValid: DatasetRule = {
  id: "pull-bucket-name",
  severity: "error",
  description:
    "The pull bucket derived from the name (`mojap-` + name, underscores as hyphens) is a valid S3 bucket name (at most 63 characters, ending in a letter or digit, without an ending S3 reserves such as `-s3alias`). The message gives a name that fits.",
  check(file, { settings }) {
    const name = stringValue(file, "name");
    // A malformed name is name-format's to report; this rule speaks only of well-formed ones.
    if (file.kind !== "pull" || name === undefined || !PULL_NAME.test(name)) return [];
    const bucket = pullBucketName(settings.pullBucketPrefix, name);
    const problem = bucketNameProblem(bucket);
    if (!problem) return [];
    const at = valueNode(file, "name");
    const what = `this name gives the pull bucket ${quote(bucket)}, which ${problem}`;
    const fitted = fittingName(name, settings.pullBucketPrefix);
    const why =
      bucket.length > BUCKET_MAX
        ? `Shorten the name by ${bucket.length - BUCKET_MAX} (${BUCKET_MAX} characters of bucket name at most).`
        : RESERVED_ENDING.test(name)
          ? "S3 keeps that ending for names of its own: leave it out."
          : "End the name with a letter or digit.";
    const fix = fitted === undefined ? why : `${why} Write name: ${fitted}.`;
    return [file.source.issueAt(at, this.id, "error", message(what, quote(name), fix))];
  },
};
