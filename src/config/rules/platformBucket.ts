import { isScalar } from "yaml";
import { PULL_NAME, pullBucketName } from "../names";
import { entry, stringValue, valueNode, type DatasetRule } from "../dataset";
import { message, quote } from "../message";
import { platformBuckets, wellKnownPlatformBucket } from "../platformBuckets";

export const platformBucket: DatasetRule = {
  id: "platform-bucket",
  severity: "error",
  description:
    "No push dataset sends files to a bucket the platform creates or owns: the export bucket, its access-log bucket (`<export bucket>-access-logs`) or one listed in the settings' `reserved_buckets`; nor to a CDK bootstrap assets bucket (`cdk-<qualifier>-assets-<account>-<region>`, any account: CDK deletes what no stack uses). The mover's grant refuses every bucket of the platform's account (`s3:ResourceAccount`, decision 0002), so nothing sent there would arrive; this rule says so before review. No pull dataset's bucket takes one of those names either.",
  check(file, { settings }) {
    const owned = platformBuckets(settings);
    if (file.kind === "pull") {
      const name = stringValue(file, "name");
      if (name === undefined || !PULL_NAME.test(name)) return [];
      const bucket = pullBucketName(settings.pullBucketPrefix, name);
      const what = owned.get(bucket);
      if (!what) return [];
      return [
        file.source.issueAt(
          valueNode(file, "name"),
          this.id,
          "error",
          message(
            `this name gives the pull bucket ${quote(bucket)}, which is ${what}`,
            quote(name),
            "Choose another name.",
          ),
        ),
      ];
    }
    return ["bucket", "target_bucket"].flatMap((key) => {
      const node = entry(file, key)?.value;
      const value = isScalar(node) && typeof node.value === "string" ? node.value : undefined;
      const what = value === undefined ? undefined : (owned.get(value) ?? wellKnownPlatformBucket(value, settings));
      if (!what) return [];
      const problem = `${key} is ${what}: a push dataset may not send files to it (the mover's grant refuses the platform's own buckets, or the data would not stay)`;
      return [
        file.source.issueAt(
          node,
          this.id,
          "error",
          message(problem, quote(value ?? ""), "Give the receiving team's bucket."),
        ),
      ];
    });
  },
};
