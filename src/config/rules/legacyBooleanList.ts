import { isScalar, isSeq } from "yaml";
import type { DatasetRule } from "../dataset";
import { message } from "../message";
import { flagEntries, isLegacyList } from "./booleanValue";

export const legacyBooleanList: DatasetRule = {
  id: "legacy-boolean-list",
  severity: "warning",
  description: "The older one-element list form (`allow_push: [True]`, or `allow_push:` then `- True`) is accepted.",
  check(file) {
    return flagEntries(file).flatMap(({ key, node }) => {
      if (!isLegacyList(node) || !isSeq(node)) return [];
      const item = node.items[0];
      const value = isScalar(item) && item.value === true;
      const found = `[${String(isScalar(item) ? (item.source ?? item.value) : "")}]`;
      return [
        file.source.issueAt(
          node,
          this.id,
          "warning",
          message(`${key} is written as a one-element list, an older form`, found, `Write ${key}: ${value}.`),
        ),
      ];
    });
  },
};
