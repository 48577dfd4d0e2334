import { isScalar, isSeq, type ParsedNode } from "yaml";
import { entry, type DatasetRule } from "../dataset";
import {
  COLUMNS_MAX,
  COLUMN_NAME_MAX,
  CONTRACT_COLUMN_BYTES_MAX,
  UNSAFE_IN_NAME,
  entryValues,
  utf8Bytes,
} from "../fileContract";
import { INVISIBLE_CHARACTER } from "../characters";
import type { Issue, Severity } from "../issue";
import { asYaml, describe, message, quote, readAsNonText } from "../message";

const UNSAFE_ALL = new RegExp(UNSAFE_IN_NAME.source, "gu");

/** What is wrong with one column name, and the fix; undefined when it is a valid name. */
function nameProblem(name: string): { what: string; fix: string } | undefined {
  const cleaned = name.replace(UNSAFE_ALL, "").replace(INVISIBLE_CHARACTER, "");
  if (cleaned !== name)
    return {
      what: "a column name holds a control or invisible character, which could hide or rewrite what a reviewer reads",
      fix: cleaned.trim() === "" ? "Write the name as the file's header has it." : `Write ${asYaml(cleaned)}.`,
    };
  if (name.trim() === "")
    return { what: "a column name is empty", fix: "Write the name as the file's header has it, or remove this entry." };
  if (name.length > COLUMN_NAME_MAX)
    return {
      what: `a column name is at most ${COLUMN_NAME_MAX} characters (AWS Glue's and Athena's limit)`,
      fix: "Ask the sender to shorten the column's name in the extract, and write the new name.",
    };
  return undefined;
}

/**
 * Each `files:` entry's `columns` is the exact set of column names a file must have (decision
 * 0016): compared case-sensitively, in any order. Names reach terminals and the plan's Markdown,
 * so a name that could hide or rewrite text is refused here; the rest is escaped where shown.
 */
export const filesColumns: DatasetRule = {
  id: "files-columns",
  severity: "error; warning for two names that differ only in case",
  description: `A \`files\` entry's \`columns\` is a list of 1 to ${COLUMNS_MAX} column names, each text (quote \`"2024"\`), not empty, at most ${COLUMN_NAME_MAX} characters, with no control or invisible character, and listed once (compared exactly: a file must have exactly these columns, in any order, case-sensitive). Two names that differ only in case are warned about: both are allowed, as Parquet and JSON tell them apart, but many readers do not. A dataset's column names total at most 64 KiB (UTF-8), so every route fits the mover's code.`,
  check(file) {
    const issues: Issue[] = [];
    const report = (at: ParsedNode | null, severity: Severity, what: string, found: string, fix: string) =>
      issues.push(file.source.issueAt(at, this.id, severity, message(what, found, fix)));
    let bytes = 0;
    for (const node of entryValues(file, "columns")) {
      if (!isSeq(node) || node.items.length === 0) {
        report(
          node,
          "error",
          "columns is a list of the column names the agreement names",
          describe(node),
          "Write it as columns: [id, age_band].",
        );
        continue;
      }
      if (node.items.length > COLUMNS_MAX)
        report(
          node.items[COLUMNS_MAX] ?? node,
          "error",
          `columns lists at most ${COLUMNS_MAX} names`,
          `${node.items.length} names`,
          "Split the extract into files of fewer columns, each under its own prefix.",
        );
      const seen = new Map<string, string>();
      for (const item of node.items) {
        const value = isScalar(item) ? item.value : undefined;
        if (typeof value !== "string") {
          const nonText = readAsNonText(item);
          const fix = nonText
            ? `Quote it: ${JSON.stringify(nonText.written)}.`
            : "Write each name as text, one list item each.";
          report(item, "error", "a column name is text", describe(item), fix);
          continue;
        }
        bytes += utf8Bytes(value);
        const problem = nameProblem(value);
        if (problem) {
          report(item, "error", problem.what, quote(value), problem.fix);
          continue;
        }
        const folded = value.toLowerCase();
        const earlier = seen.get(folded);
        if (earlier === value)
          report(item, "error", "columns lists the same name twice", quote(value), "List it once.");
        else if (earlier !== undefined)
          report(
            item,
            "warning",
            "two column names differ only in case: many readers (Athena, Spark, Excel) take them for one",
            `${quote(earlier)} and ${quote(value)}`,
            "Check the extract has both; if it has one, list that one only.",
          );
        else seen.set(folded, value);
      }
    }
    if (bytes > CONTRACT_COLUMN_BYTES_MAX)
      report(
        entry(file, "files")?.key ?? null,
        "error",
        "a dataset's column names total at most 64 KiB (its route is bundled into the mover's code)",
        `${bytes} bytes`,
        "Split the contract's entries between datasets.",
      );
    return issues;
  },
};
