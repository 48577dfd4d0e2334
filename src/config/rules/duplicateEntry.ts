import { isScalar } from "yaml";
import { listItems, type DatasetRule } from "../dataset";
import type { Issue } from "../issue";
import { message, quote } from "../message";

const KEYS = ["users", "pull_arns"] as const;

export const duplicateEntry: DatasetRule = {
  id: "duplicate-entry",
  severity: "warning",
  description: "A user or pull ARN is listed once. Duplicates are granted once.",
  check(file) {
    // Loops, not flatMap: every file has a list of users, and nearly none a duplicate (issue 25).
    const issues: Issue[] = [];
    for (const key of KEYS) {
      const seen = new Set<string>();
      for (const node of listItems(file, key)) {
        if (!isScalar(node) || typeof node.value !== "string") continue;
        if (!seen.has(node.value)) {
          seen.add(node.value);
          continue;
        }
        const what = `${key} lists the same entry twice`;
        issues.push(
          file.source.issueAt(node, this.id, "warning", message(what, quote(node.value), "Remove this line.")),
        );
      }
    }
    return issues;
  },
};
