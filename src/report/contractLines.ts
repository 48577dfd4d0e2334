import type { DataContract, FileContract } from "../contracts/contract";
import type { Format } from "../contracts/inspection";
import { sizeText } from "../config/fileContract";

/** Formats as a reviewer names them. */
const FORMAT_WORDS: Record<Format, string> = {
  csv: "CSV",
  "csv.gz": "gzip-compressed CSV",
  parquet: "Parquet",
  jsonl: "JSON Lines",
};

/**
 * A column name as a sentence lists it: as written, or in JSON quotes when a comma, a quote or an
 * edge space would make the list ambiguous. Shown as data everywhere: the text report makes
 * invisible characters visible, the Markdown report puts the sentences in a code block.
 */
export const columnWord = (name: string) => (/^[^\s,"'][^,"']*(?<!\s)$/.test(name) ? name : JSON.stringify(name));

const or = (words: readonly string[]) =>
  words.length < 2 ? words.join("") : `${words.slice(0, -1).join(", ")} or ${words.at(-1)}`;

const folder = (exportPrefix: string, entry: FileContract) => `${exportPrefix}${entry.prefix}`;

/** One entry in plain words: where, which formats, how large, which columns. */
function entryLine(exportPrefix: string, entry: FileContract): string {
  const size = entry.maxBytes === undefined ? "" : `, at most ${sizeText(entry.maxBytes)} each`;
  const columns = entry.columns
    ? `, with exactly these columns (any order, case-sensitive): ${entry.columns.map(columnWord).join(", ")}`
    : ", with any columns";
  const nested = entry.formats.includes("parquet")
    ? ". A Parquet struct, list or map column is one name: everything inside it leaves whole"
    : "";
  return `only these files leave ${folder(exportPrefix, entry)}: ${or(entry.formats.map((f) => FORMAT_WORDS[f]))}${size}${columns}${nested}`;
}

/**
 * The sentences a push dataset's contract adds to its description (decision 0016), one per entry,
 * then what happens to anything else. None for a dataset without `files:`.
 */
export function contractLines(exportPrefix: string, contract: DataContract | undefined): string[] {
  if (!contract) return [];
  const elsewhere = contract.every((e) => e.prefix !== "")
    ? [`a file under ${exportPrefix} but outside ${or(contract.map((e) => e.prefix))} is held, not sent`]
    : [];
  return [
    ...contract.map((entry) => entryLine(exportPrefix, entry)),
    ...elsewhere,
    "a file that breaks the contract (judged by its content, not its name) is held in the export bucket, not sent, and its uploader is told what to change",
  ];
}

/**
 * What a change does to a contract, said beside the sentences it changes: each column that may
 * now leave first (what reviewers look for), then those that may not, a contract added to a
 * dataset or taken away from it.
 */
export function contractChanges(
  exportPrefix: string,
  before: DataContract | undefined,
  after: DataContract | undefined,
): string[] {
  if (!before && !after) return [];
  if (!after) return [`the data contract is removed: any file written under ${exportPrefix} will leave`];
  if (!before) return [`a data contract is added: only the files it describes will leave ${exportPrefix}`];
  const old = new Map(before.map((e) => [e.prefix, e]));
  const added: string[] = [];
  const removed: string[] = [];
  for (const entry of after) {
    const was = old.get(entry.prefix);
    if (!was?.columns || !entry.columns) continue;
    const where = folder(exportPrefix, entry);
    for (const c of entry.columns)
      if (!was.columns.includes(c))
        added.push(`the column ${columnWord(c)} may now leave ${where} (added to the contract)`);
    for (const c of was.columns)
      if (!entry.columns.includes(c)) removed.push(`the column ${columnWord(c)} may no longer leave ${where}`);
  }
  return [...added, ...removed];
}
