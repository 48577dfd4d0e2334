import { FORMATS } from "../../contracts/inspection";
import type { Issue } from "../../config/issue";
import type { AnswerTaker } from "./answers";
import type { NewOptions } from "./command";
import { flagOf, flagSpec } from "./flags";

type Entry = Record<string, string | string[]>;

const list = (text: string) => text.split(/[\s,]+/).filter(Boolean);

// A column list asked later: stands in while the formats are checked on their own.
const PENDING = ["id"];

/** Which part of the entry an issue is about, so its fix names that part's question or flag. */
export function contractPart(issue: Issue): string {
  if (issue.rule === "files-max-size") return "max_size";
  if (issue.rule === "files-columns" || (issue.rule === "files-entries" && issue.message.includes("columns")))
    return "columns";
  return "formats";
}

/** The one `files:` entry the flags give, or undefined when no contract flag is given. */
export function flaggedEntry(options: NewOptions): Entry | undefined {
  if (options.fileFormat === undefined && options.column === undefined && options.maxSize === undefined)
    return undefined;
  return {
    ...(options.fileFormat ? { formats: options.fileFormat } : {}),
    ...(options.maxSize !== undefined ? { max_size: options.maxSize } : {}),
    ...(options.column ? { columns: options.column } : {}),
  };
}

/**
 * `exports new`'s data contract (decision 0016): one entry for the whole dataset, from
 * --file-format, --column and --max-size, or asked: the formats (nothing for no contract), then
 * the exact columns, then the largest file. Entries per folder are written by hand.
 */
export async function askContract(options: NewOptions, t: AnswerTaker): Promise<boolean> {
  const flagged = flaggedEntry(options);
  if (flagged) return t.take("files", [flagged], "", () => [flagged], false, contractPart);
  const formatsAsked = await t.take(
    "files",
    undefined,
    `Data contract: the formats that may leave (${FORMATS.join(", ")}; space-separated; empty for no contract): `,
    (text) => [{ formats: list(text), columns: PENDING }],
    true,
    contractPart,
  );
  const asked = t.answers.files;
  if (!formatsAsked || !Array.isArray(asked)) return formatsAsked;
  const formats = (asked[0] as Entry | undefined)?.formats ?? [];
  const columnsAsked = await t.take(
    "files",
    undefined,
    "The exact columns each file must have (space-separated, case as in the file): ",
    (text) => [{ formats, columns: list(text) }],
    false,
    contractPart,
    // The formats are answered: rerun with them and the columns.
    { what: "columns", flags: `${flagOf("files")} ${[formats].flat().join(" ")} ${flagSpec("columns")}` },
  );
  const withColumns = t.answers.files;
  if (!columnsAsked || !Array.isArray(withColumns)) {
    // Kept among the answers shown when nothing is written: the formats were given.
    t.answers.files = [{ formats }];
    return false;
  }
  const done = await t.take(
    "files",
    undefined,
    "The largest file that may leave (e.g. 500 MB or 2 GiB; empty for no limit): ",
    (text) => [{ ...(withColumns[0] as Entry), max_size: text }],
    true,
    contractPart,
  );
  // An optional answer left empty leaves its key out: the formats and columns stay.
  if (t.answers.files === undefined) t.answers.files = withColumns;
  return done;
}
