import { closest, distance } from "fastest-levenshtein";
import { isMap, isScalar, isSeq, type ParsedNode } from "yaml";
import { valueNode, type DatasetRule } from "../dataset";
import { FILE_ENTRIES_MAX, FILE_ENTRY_KEYS } from "../fileContract";
import { describe, message, quote } from "../message";

/** One line, valid as it stands, so that a message holding it stays one line and can be copied. */
export const FILES_EXAMPLE = "files: [{ formats: [csv], columns: [id, age_band] }]";

// Keys people write for an entry's keys.
const SYNONYMS: Record<string, string> = {
  format: "formats",
  type: "formats",
  types: "formats",
  column: "columns",
  fields: "columns",
  size: "max_size",
  max_bytes: "max_size",
  maxsize: "max_size",
  path: "prefix",
  folder: "prefix",
};

function suggestEntryKey(key: string): string {
  const lower = key.toLowerCase();
  const known: readonly string[] = FILE_ENTRY_KEYS;
  const near = SYNONYMS[lower] ?? (known.includes(lower) ? lower : closest(lower, [...known]));
  if (SYNONYMS[lower] || distance(lower, near) <= 2) return `Did you mean ${near}?`;
  return `An entry's keys are ${known.join(", ")}.`;
}

/**
 * `files:` (push only) is the dataset's data contract (decision 0016): a list of entries, each a
 * mapping of `prefix`, `formats`, `max_size` and `columns`. The other files-* rules check each
 * key's value; this one the list and its entries' keys.
 */
export const filesEntries: DatasetRule = {
  id: "files-entries",
  severity: "error",
  description: `\`files\`, when given (push only: on a pull file it is an unknown key), is a list of one to ${FILE_ENTRIES_MAX} entries, each a mapping of \`prefix\`, \`formats\`, \`max_size\` and \`columns\` (no other key); \`formats\` and \`columns\` are required, since every format a contract allows is tabular and a contract without columns would let any column leave (decision 0016).`,
  check(file) {
    if (file.kind !== "push") return [];
    const node = valueNode(file, "files");
    if (node === undefined) return [];
    const report = (at: ParsedNode | null, what: string, found: string, fix: string) =>
      file.source.issueAt(at, this.id, "error", message(what, found, fix));
    if (isMap(node))
      return [
        report(
          node,
          "files is a list of entries, even of one",
          describe(node),
          `Start the entry with "- ", as in ${FILES_EXAMPLE}.`,
        ),
      ];
    if (!isSeq(node) || node.items.length === 0)
      return [
        report(
          node,
          "files is a list of entries, each with formats and columns",
          describe(node),
          `Write it as ${FILES_EXAMPLE}.`,
        ),
      ];
    const issues = [];
    if (node.items.length > FILE_ENTRIES_MAX)
      issues.push(
        report(
          node.items[FILE_ENTRIES_MAX] ?? node,
          `files has at most ${FILE_ENTRIES_MAX} entries`,
          `${node.items.length} entries`,
          "Split the agreement's extracts between datasets, one dataset per receiving team or purpose.",
        ),
      );
    for (const item of node.items) {
      if (!isMap(item)) {
        issues.push(
          report(
            item,
            "each files entry is a mapping of prefix, formats, max_size and columns",
            describe(item),
            `Write it as in ${FILES_EXAMPLE}.`,
          ),
        );
        continue;
      }
      const keys = item.items.map((pair) => pair.key);
      for (const key of keys) {
        const name = isScalar(key) && typeof key.value === "string" ? key.value : undefined;
        if (name !== undefined && (FILE_ENTRY_KEYS as readonly string[]).includes(name)) continue;
        issues.push(
          report(
            key,
            "a files entry holds prefix, formats, max_size and columns only",
            name === undefined ? describe(key) : quote(name),
            name === undefined ? `An entry's keys are ${FILE_ENTRY_KEYS.join(", ")}.` : suggestEntryKey(name),
          ),
        );
      }
      const has = (key: string) => keys.some((k) => isScalar(k) && k.value === key);
      if (!has("formats"))
        issues.push(
          report(
            item,
            "a files entry names the formats that may leave",
            "no formats",
            "Add formats: [csv] (or csv.gz, parquet, jsonl: those the agreement allows).",
          ),
        );
      if (!has("columns"))
        issues.push(
          report(
            item,
            "a files entry names its columns: every format is tabular, and without columns any column could leave",
            "no columns",
            "Add the columns the agreement names, e.g. columns: [id, age_band].",
          ),
        );
    }
    return issues;
  },
};
