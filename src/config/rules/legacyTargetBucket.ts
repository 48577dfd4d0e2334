import { entry, type DatasetRule } from "../dataset";
import { describe, message, quote } from "../message";

export const legacyTargetBucket: DatasetRule = {
  id: "legacy-target-bucket",
  severity: "warning (error if `bucket` is also given)",
  description: "`target_bucket` is the older spelling of `bucket`.",
  check(file) {
    const legacy = entry(file, "target_bucket");
    if (file.kind !== "push" || !legacy) return [];
    const bucket = entry(file, "bucket");
    if (bucket) {
      const what = "bucket and target_bucket are both given; target_bucket is the older spelling of bucket";
      return [
        file.source.issueAt(
          legacy.key,
          this.id,
          "error",
          message(what, `target_bucket: ${describe(legacy.value)}`, "Remove target_bucket."),
        ),
      ];
    }
    const fix = "Rename the key to bucket; the value stays the same.";
    return [
      file.source.issueAt(
        legacy.key,
        this.id,
        "warning",
        message("target_bucket is the older spelling of bucket", quote("target_bucket"), fix),
      ),
    ];
  },
};
