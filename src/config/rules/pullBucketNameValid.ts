import { PULL_NAME, bucketNameProblem, pullBucketName } from "../names";
import { stringValue, valueNode, type DatasetRule } from "../dataset";
import { message, quote } from "../message";

export const pullBucketNameValid: DatasetRule = {
  id: "pull-bucket-name",
  severity: "error",
  description:
    "The pull bucket derived from the name (`mojap-` + name, underscores as hyphens) is a valid S3 bucket name (at most 63 characters, ending in a letter or digit).",
  check(file, { settings }) {
    const name = stringValue(file, "name");
    // A malformed name is name-format's to report; this rule speaks only of well-formed ones.
    if (file.kind !== "pull" || name === undefined || !PULL_NAME.test(name)) return [];
    const bucket = pullBucketName(settings.pullBucketPrefix, name);
    const problem = bucketNameProblem(bucket);
    const at = valueNode(file, "name");
    if (problem) {
      const what = `this name gives the pull bucket ${quote(bucket)}, which ${problem}`;
      const fix =
        bucket.length > 63
          ? `Shorten the name by ${bucket.length - 63} characters.`
          : "End the name with a letter or digit.";
      return [file.source.issueAt(at, this.id, "error", message(what, quote(name), fix))];
    }
    return [];
  },
};
