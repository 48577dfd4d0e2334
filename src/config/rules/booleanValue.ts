import { isScalar, isSeq, type ParsedNode } from "yaml";
import { entry, type DatasetFile, type DatasetRule } from "../dataset";
import { describe, message, quote } from "../message";
import { FLAG_KEYS } from "../schema";

/**
 * A true or false written as such. Under a `%YAML 1.1` directive the parser also reads `yes`, `on`
 * and `y` (and their opposites) as booleans, which a YAML 1.2 reader takes for text: the words
 * written are checked, not only the value read, so one file means one thing to every reader.
 */
const isBoolean = (node: ParsedNode | null | undefined) =>
  isScalar(node) && typeof node.value === "boolean" && /^(true|false)$/i.test(node.source ?? "");

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
    '`keep_files`, `notify_deliveries`, `allow_push` and `bucket_versioning` are written `true` or `false`: not `"true"`, `yes` or `1`, even under a `%YAML 1.1` directive (which reads `yes` as true, where other readers read text).',
  check(file) {
    return flagEntries(file).flatMap(({ key, node }) => {
      if (isBoolean(node) || isLegacyList(node)) return [];
      // A one-element list (the older form) is read by its item: `[on]` meant true.
      const word = isSeq(node) && node.items.length === 1 ? node.items[0] : node;
      const text = isScalar(word) ? String(word.source ?? word.value).toLowerCase() : "";
      const meant = ["true", "yes", "on", "y", "1"].includes(text)
        ? "true"
        : ["false", "no", "off", "n", "0"].includes(text)
          ? "false"
          : undefined;
      const fix = meant ? `Write ${key}: ${meant}.` : `Write ${key}: true or ${key}: false.`;
      // `yes` read as a boolean: the file declares %YAML 1.1, which no other reader need follow.
      const yaml11 = isScalar(node) && typeof node.value === "boolean";
      const what = yaml11 ? `${key} must be written true or false` : `${key} must be true or false, without quotes`;
      const found = yaml11 ? `${quote(node.source ?? "")} (${String(node.value)} only under YAML 1.1)` : describe(node);
      return [file.source.issueAt(node, this.id, "error", message(what, found, fix))];
    });
  },
};
