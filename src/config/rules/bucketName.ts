import { isScalar } from "yaml";
import { bareBucketName, bucketNameProblem } from "../names";
import { firstLookAlike, withoutLookAlikes } from "../lookAlikes";
import { entry, stringValue, type DatasetRule } from "../dataset";
import { asYaml, describe, message, quote, readAsNonText } from "../message";

/**
 * What becomes of a path given after the bucket (`s3://bucket/exports/`): it cannot be kept, as a
 * file keeps its key, which starts with the dataset's name.
 */
function pathNote(value: string, name: string | undefined): string {
  const path = /^(?:arn:aws[\w-]*:s3:::|s3a?:\/\/)[^/]+\/+(.+)$/i.exec(value.trim())?.[1];
  if (!path) return "";
  return ` Files always arrive under ${name ? `${name}/` : "<name>/"} in it (the dataset's name, then the key as uploaded), so the path ${quote(path)} is not used; tell the receiving team.`;
}

export const bucketName: DatasetRule = {
  id: "bucket-name",
  severity: "error",
  description:
    "A push dataset's `bucket` is a bare, valid S3 bucket name. An ARN (`arn:aws:s3:::b`), URL (`s3://b/…`, `https://b.s3.eu-west-1.amazonaws.com/…`, the S3 console's page of the bucket) or endpoint host name (`b.s3.eu-west-1.amazonaws.com`) is refused with the bare name to write instead.",
  check(file) {
    if (file.kind !== "push") return [];
    return ["bucket", "target_bucket"].flatMap((key) => {
      const node = entry(file, key)?.value;
      if (node === undefined) return [];
      const report = (what: string, fix: string) => [
        file.source.issueAt(node, this.id, "error", message(what, describe(node), fix)),
      ];
      const unquoted = readAsNonText(node);
      if (unquoted && !bucketNameProblem(unquoted.written))
        return report(
          `${key} must be text, and YAML reads an unquoted ${unquoted.written} as ${unquoted.as}: put it in quotes`,
          `Write ${key}: "${unquoted.written}".`,
        );
      if (!isScalar(node) || typeof node.value !== "string") {
        return report(
          `${key} must be the target bucket's name`,
          `Give the target bucket's name as text, e.g. ${key}: receiving-team-bucket.`,
        );
      }
      const value = node.value;
      const bare = bareBucketName(value);
      if (bare !== undefined) {
        const form = value.startsWith("arn:") ? "an ARN" : /^[a-z0-9]+:\/\//i.test(value) ? "a URL" : "an S3 host name";
        // Offer the bare name only when it is itself a valid bucket name.
        const fix = bucketNameProblem(bare)
          ? "Ask the receiving team for their bucket's exact name."
          : `Write ${key}: ${asYaml(bare)}.`;
        return report(
          `${key} is the bucket's name, not ${form}`,
          `${fix}${pathNote(value, stringValue(file, "name"))}`,
        );
      }
      const disguised = firstLookAlike(value);
      // Restored only when there is a look-alike to restore: nearly every bucket has none.
      const restored = disguised && withoutLookAlikes(value);
      if (disguised && restored && !bucketNameProblem(restored))
        return report(`${key} holds a letter of another alphabet: ${disguised}`, `Write ${key}: ${asYaml(restored)}.`);
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
