import { isScalar } from "yaml";
import { bareBucketName, bucketNameProblem } from "../names";
import { entry, type DatasetRule } from "../dataset";
import { asYaml, describe, message } from "../message";

export const bucketName: DatasetRule = {
  id: "bucket-name",
  description: "A push dataset's target bucket is a bare, valid S3 bucket name.",
  check(file) {
    if (file.kind !== "push") return [];
    return ["bucket", "target_bucket"].flatMap((key) => {
      const node = entry(file, key)?.value;
      if (node === undefined) return [];
      const report = (what: string, fix: string) => [
        file.source.issueAt(node, this.id, "error", message(what, describe(node), fix)),
      ];
      if (!isScalar(node) || typeof node.value !== "string") {
        return report(
          `${key} must be the target bucket's name`,
          `Give the target bucket's name as text, e.g. ${key}: receiving-team-bucket.`,
        );
      }
      const value = node.value;
      const bare = bareBucketName(value);
      if (bare !== undefined) {
        const form = value.startsWith("arn:") ? "an ARN" : "a URL";
        // Offer the bare name only when it is itself a valid bucket name.
        const fix = bucketNameProblem(bare)
          ? "Ask the receiving team for their bucket's exact name."
          : `Write ${key}: ${asYaml(bare)}.`;
        return report(`${key} is the bucket's name, not ${form}`, fix);
      }
      const problem = bucketNameProblem(value);
      if (problem)
        return report(
          `${key} is not a valid S3 bucket name: it ${problem}`,
          "Ask the receiving team for their bucket's exact name.",
        );
      return [];
    });
  },
};
