import { closest, distance } from "fastest-levenshtein";
import { isScalar, isSeq, type ParsedNode } from "yaml";
import { FORMATS } from "../../contracts/inspection";
import type { DatasetRule } from "../dataset";
import { entryValues } from "../fileContract";
import type { Issue } from "../issue";
import { describe, message, quote } from "../message";

const LIST = FORMATS.join(", ");

// What people write for a format the contract names otherwise; the inspector finds a tab-separated
// file's delimiter itself, so tsv is csv.
const SYNONYMS: Record<string, string> = {
  tsv: "csv",
  txt: "csv",
  "csv.gzip": "csv.gz",
  gz: "csv.gz",
  gzip: "csv.gz",
  "tsv.gz": "csv.gz",
  json: "jsonl",
  ndjson: "jsonl",
  "json lines": "jsonl",
  pq: "parquet",
};

// Formats a contract cannot check, and what to send instead: the inspector refuses them by content.
const REFUSED: Record<string, string> = {
  xlsx: "an Excel workbook cannot be checked column by column; export the sheet as CSV and allow formats: [csv]",
  xls: "an Excel workbook cannot be checked column by column; export the sheet as CSV and allow formats: [csv]",
  ods: "a spreadsheet cannot be checked column by column; export the sheet as CSV and allow formats: [csv]",
  pdf: "a PDF has no columns to check; send the table it shows as CSV and allow formats: [csv]",
  zip: "a zip archive's files cannot be checked; send each file as it is, e.g. formats: [csv]",
};

/** The advice for a format that is not one of FORMATS. */
export function suggestFormat(text: string): string {
  const lower = text.trim().toLowerCase().replace(/^\./, "");
  if ((FORMATS as readonly string[]).includes(lower)) return `Write ${lower}: formats are lower case.`;
  const synonym = SYNONYMS[lower];
  if (synonym) return `Write ${synonym}: the contract's name for it.`;
  const refused = REFUSED[lower];
  if (refused) return `${refused.charAt(0).toUpperCase()}${refused.slice(1)}.`;
  const near = closest(lower, [...FORMATS]);
  if (distance(lower, near) <= 2) return `Did you mean ${near}?`;
  return `The formats are ${LIST}.`;
}

/** Each `files:` entry's `formats` is a list of the formats the inspector judges by content. */
export const filesFormats: DatasetRule = {
  id: "files-formats",
  severity: "error",
  description: `A \`files\` entry's \`formats\` is a list, each once, of ${FORMATS.map((f) => `\`${f}\``).join(", ")} (lower case), judged by each file's content, not its name. The message suggests the name meant (\`CSV\` → \`csv\`, \`tsv\` → \`csv\`, \`json\` → \`jsonl\`) and what to send instead of a workbook (\`xlsx\`).`,
  check(file) {
    const issues: Issue[] = [];
    const report = (at: ParsedNode | null, what: string, found: string, fix: string) =>
      issues.push(file.source.issueAt(at, this.id, "error", message(what, found, fix)));
    for (const node of entryValues(file, "formats")) {
      if (isScalar(node) && typeof node.value === "string" && (FORMATS as readonly string[]).includes(node.value)) {
        report(node, "formats is a list, even of one", quote(node.value), `Write formats: [${node.value}].`);
        continue;
      }
      if (!isSeq(node) || node.items.length === 0) {
        report(node, `formats is a list of ${LIST}`, describe(node), "Write it as formats: [csv, parquet].");
        continue;
      }
      const seen = new Set<string>();
      for (const item of node.items) {
        const value = isScalar(item) ? item.value : undefined;
        if (typeof value !== "string" || !(FORMATS as readonly string[]).includes(value)) {
          const advice = typeof value === "string" ? suggestFormat(value) : `The formats are ${LIST}.`;
          report(item, "a format a contract allows is one of " + LIST, describe(item), advice);
          continue;
        }
        if (seen.has(value)) report(item, "formats lists the same format twice", quote(value), "List it once.");
        seen.add(value);
      }
    }
    return issues;
  },
};
