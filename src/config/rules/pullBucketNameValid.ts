import { BUCKET_NAME_MAX, PULL_NAME, bucketNameProblem, pullBucketName, reservedBucketSuffix } from "../names";
import { stringValue, valueNode, type DatasetRule } from "../dataset";
import { message, quote } from "../message";

/** The ending S3 reserves that `name`'s pull bucket ends with, as long in the name (`_` gives `-`). */
const reservedEnding = (name: string, prefix: string) => reservedBucketSuffix(pullBucketName(prefix, name));

/**
 * A name near `name` whose pull bucket S3 takes: a reserved ending dropped, cut to the bucket's
 * length, and ending in a letter or digit. undefined when nothing of the name is left.
 */
function fittingName(name: string, prefix: string): string | undefined {
  const room = BUCKET_NAME_MAX - pullBucketName(prefix, "").length;
  const fitted = name
    .slice(0, name.length - (reservedEnding(name, prefix)?.length ?? 0))
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
      bucket.length > BUCKET_NAME_MAX
        ? `Shorten the name by ${bucket.length - BUCKET_NAME_MAX} (${BUCKET_NAME_MAX} characters of bucket name at most).`
        : reservedEnding(name, settings.pullBucketPrefix)
          ? "S3 keeps that ending for names of its own: leave it out."
          : "End the name with a letter or digit.";
    const fix = fitted === undefined ? why : `${why} Write name: ${fitted}.`;
    return [file.source.issueAt(at, this.id, "error", message(what, quote(name), fix))];
  },
};
