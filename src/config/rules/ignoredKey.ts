import { isScalar } from "yaml";
import { pullBucketName } from "../names";
import { stringValue, type DatasetKind, type DatasetRule } from "../dataset";
import type { Issue } from "../issue";
import { describe, message } from "../message";
import { DATASET_KEYS } from "../schema";

const OTHER: Record<DatasetKind, DatasetKind> = { push: "pull", pull: "push" };

/**
 * A key of the other kind of dataset: the old system read files of each kind for their own keys
 * only and ignored the rest, so real files carry them (a `bucket:` copied into a pull file).
 * Refusing them would refuse working files; they are warned about and have no effect.
 */
export function isIgnoredKey(kind: DatasetKind, key: string): boolean {
  // A data contract the old system never had: ignoring it would let a reviewer believe a pull
  // bucket's files are checked, so it is an unknown key's error instead.
  if (key === "files") return false;
  return !KEY_SETS[kind].has(key) && KEY_SETS[OTHER[kind]].has(key);
}

// Asked for every key of every file (by this rule and by validateDataset): sets, not lists.
const KEY_SETS: Record<DatasetKind, ReadonlySet<string>> = {
  push: new Set(DATASET_KEYS.push),
  pull: new Set(DATASET_KEYS.pull),
};

export const ignoredKey: DatasetRule = {
  id: "ignored-key",
  severity: "warning",
  description:
    "A key of the other kind of dataset (`bucket:` in a pull file, `allow_push:` in a push file), which the old system ignored and this one ignores too. `npx exports migrate` turns it into a comment. For `bucket:` in a pull file the message says the bucket the dataset really gets.",
  check(file, { settings }) {
    // A loop, not flatMap: every key of every file is asked about, and nearly none is ignored (issue 25).
    const issues: Issue[] = [];
    for (const pair of file.map.items) {
      const key = isScalar(pair.key) && typeof pair.key.value === "string" ? pair.key.value : undefined;
      if (key === undefined || !isIgnoredKey(file.kind, key)) continue;
      const name = stringValue(file, "name");
      const effect =
        file.kind === "pull" && (key === "bucket" || key === "target_bucket") && name !== undefined
          ? `; this dataset's bucket is ${pullBucketName(settings.pullBucketPrefix, name)}, made from its name`
          : "";
      const what = `${key} is an option of ${OTHER[file.kind]} datasets, ignored in a ${file.kind} dataset${effect}`;
      const fix = "Remove it, or run npx exports migrate, which turns it into a comment.";
      issues.push(
        file.source.issueAt(pair.key, this.id, "warning", message(what, `${key}: ${describe(pair.value)}`, fix)),
      );
    }
    return issues;
  },
};
