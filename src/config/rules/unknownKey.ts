import { closest, distance } from "fastest-levenshtein";
import { isScalar } from "yaml";
import { DATASET_KEYS } from "../schema";
import type { DatasetKind, DatasetRule } from "../dataset";
import type { Issue } from "../issue";
import { describe, message, quote } from "../message";
import { firstLookAlike, withoutLookAlikes } from "../lookAlikes";
import { isIgnoredKey } from "./ignoredKey";

/** Keys people have written for a known key: the original system's `is_writable` among them. */
const SYNONYMS: Record<string, string> = {
  is_writable: "allow_push",
  writable: "allow_push",
  bucket_name: "bucket",
  target: "bucket",
  user: "users",
  arns: "pull_arns",
  pull_arn: "pull_arns",
  roles: "pull_arns",
  versioning: "bucket_versioning",
  versioned: "bucket_versioning",
  keep: "keep_files",
  dpia: "paperwork",
};

/**
 * The advice for a key that is not among `known`: a synonym, a case or spelling slip, or a key that
 * belongs to the other kind of file (`elsewhere`).
 */
export function suggestKey(
  key: string,
  known: readonly string[],
  elsewhere?: { kind: DatasetKind; keys: readonly string[] },
): string {
  const lower = key.toLowerCase().trim();
  const synonym = SYNONYMS[lower];
  if (synonym && known.includes(synonym)) return `Did you mean ${synonym}?`;
  if (known.includes(lower)) return `Did you mean ${lower}? Keys are lower case.`;
  if (synonym && elsewhere?.keys.includes(synonym))
    return `${key} is the older name of ${synonym}, an option of ${elsewhere.kind} datasets only; remove it.`;
  // A data contract is checked by the mover as files leave; a pull bucket's readers take what is there.
  if (key === "files" && elsewhere?.kind === "push")
    return "Data contracts (files:) apply to push datasets only: the mover checks each file as it leaves, and a pull bucket has no mover. Remove files.";
  if (elsewhere?.keys.includes(key)) {
    return `${key} is an option of ${elsewhere.kind} datasets; remove it (this file takes ${known.join(", ")}).`;
  }
  const near = closest(lower, [...known]);
  if (distance(lower, near) <= Math.max(2, Math.floor(near.length / 3))) return `Did you mean ${near}?`;
  return `The keys are ${known.join(", ")}.`;
}

export const unknownKey: DatasetRule = {
  id: "unknown-key",
  severity: "error",
  description:
    "Every key is one this kind of file reads. The message suggests the key you probably meant (`keep_file` → `keep_files`, `is_writable` → `allow_push`).",
  check(file) {
    const known: readonly string[] = DATASET_KEYS[file.kind];
    // A loop, not flatMap: every key of every file is asked about, and nearly all are known (issue 25).
    const issues: Issue[] = [];
    for (const pair of file.map.items) {
      const key = pair.key;
      if (isScalar(key) && typeof key.value === "string") {
        // A key of the other kind is ignored-key's to warn about.
        if (known.includes(key.value) || isIgnoredKey(file.kind, key.value)) continue;
        const other: DatasetKind = file.kind === "push" ? "pull" : "push";
        // A letter of another alphabet makes a key look right and read wrong: name it, and the key meant.
        const disguised = firstLookAlike(key.value);
        const plain = disguised && withoutLookAlikes(key.value);
        const what = `${quote(key.value)} is not a key of ${file.kind} datasets${disguised ? `: ${disguised}` : ""}`;
        const fix =
          plain && known.includes(plain)
            ? `Write the key in plain letters: ${plain}.`
            : suggestKey(key.value, known, { kind: other, keys: DATASET_KEYS[other] });
        issues.push(file.source.issueAt(key, this.id, "error", message(what, quote(key.value), fix)));
        continue;
      }
      const fix = `Keys are plain words: ${known.join(", ")}.`;
      issues.push(file.source.issueAt(key, this.id, "error", message("a key is not a plain word", describe(key), fix)));
    }
    return issues;
  },
};
