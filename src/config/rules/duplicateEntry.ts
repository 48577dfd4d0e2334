import { isScalar } from "yaml";
import { listItems, type DatasetRule } from "../dataset";
import { message, quote } from "../message";

export const duplicateEntry: DatasetRule = {
  id: "duplicate-entry",
  severity: "warning",
  description: "A user or pull ARN is listed once. Duplicates are granted once.",
  check(file) {
    return ["users", "pull_arns"].flatMap((key) => {
      const seen = new Set<unknown>();
      return listItems(file, key).flatMap((node) => {
        if (!isScalar(node) || typeof node.value !== "string") return [];
        if (!seen.has(node.value)) {
          seen.add(node.value);
          return [];
        }
        const what = `${key} lists the same entry twice`;
        return [file.source.issueAt(node, this.id, "warning", message(what, quote(node.value), "Remove this line."))];
      });
    });
  },
};
