import { isScalar, isSeq, type ParsedNode } from "yaml";
import { entry, type DatasetFile, type DatasetRule } from "../dataset";
import { describe, message } from "../message";
import { FLAG_KEYS } from "../schema";

const isBoolean = (node: ParsedNode | null | undefined) => isScalar(node) && typeof node.value === "boolean";

/** The flag entries of a file, with their value nodes. */
export function flagEntries(file: DatasetFile) {
  const found: { key: string; node: ParsedNode | null }[] = [];
  for (const key of FLAG_KEYS[file.kind]) {
    const pair = entry(file, key);
    if (pair) found.push({ key, node: pair.value });
  }
  return found;
}

/** True for the older one-element list form, `allow_push: [True]`. */
export function isLegacyList(node: ParsedNode | null | undefined): boolean {
  return isSeq(node) && node.items.length === 1 && isBoolean(node.items[0]);
}

export const booleanValue: DatasetRule = {
  id: "boolean-value",
  severity: "error",
  description:
    '`keep_files`, `notify_deliveries`, `allow_push` and `bucket_versioning` are `true` or `false`: not `"true"`, `yes` or `1`.',
  check(file) {
    return flagEntries(file).flatMap(({ key, node }) => {
      if (isBoolean(node) || isLegacyList(node)) return [];
      const text = isScalar(node) ? String(node.value).toLowerCase() : "";
      const meant = ["true", "yes", "on", "y", "1"].includes(text)
        ? "true"
        : ["false", "no", "off", "n", "0"].includes(text)
          ? "false"
          : undefined;
      const fix = meant ? `Write ${key}: ${meant}.` : `Write ${key}: true or ${key}: false.`;
      return [
        file.source.issueAt(
          node,
          this.id,
          "error",
          message(`${key} must be true or false, without quotes`, describe(node), fix),
        ),
      ];
    });
  },
};
