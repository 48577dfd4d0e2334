import { CsvError, parse } from "csv-parse/sync";
import type { CsvDialect } from "./inspection";
import { refused, type Refused } from "./inspection";

/** The delimiters a contract's CSV may use, in the order that wins a tie. */
const DELIMITERS = [",", ";", "\t", "|"] as const;

/** A header read whole, or a sign that the text so far ends inside it. */
export type HeaderRead = { columns: string[]; dialect: CsvDialect } | "incomplete" | Refused;

/** The header with one delimiter, and how many fields the next record has when the text holds it whole. */
type Attempt = { fields: string[]; raw: string; next: number | undefined } | { error: CsvError };

type Parsed = { record: string[]; raw: string }[];

/** The first records with one delimiter, as csv-parse reads them (RFC 4180 quoting; CRLF, LF or CR ends a record). */
function parseRecords(text: string, delimiter: string, to: number): Parsed {
  return parse(text, { delimiter, to, raw: true, relax_column_count: true }) as unknown as Parsed;
}

function firstRecords(text: string, delimiter: string, complete: boolean): Attempt {
  let records: Parsed;
  try {
    records = parseRecords(text, delimiter, 2);
  } catch {
    // A fault in the second record (perhaps cut off by the end of the read) is not the header's.
    try {
      records = parseRecords(text, delimiter, 1);
    } catch (error) {
      if (error instanceof CsvError) return { error };
      throw error;
    }
  }
  const [header, next] = records;
  if (header === undefined) return { fields: [], raw: "", next: undefined };
  const nextWhole = next !== undefined && (complete || terminated(next.raw));
  return { fields: header.record, raw: header.raw, next: nextWhole ? next.record.length : undefined };
}

/**
 * The delimiter that reads the header best: one under which the next record has as many fields
 * as the header, if any does (the header's own count breaks ties, then the order of DELIMITERS);
 * else the one that splits the header into the most fields.
 */
function bestDelimiter(attempts: { delimiter: CsvDialect["delimiter"]; attempt: Attempt }[]) {
  const read = attempts.flatMap(({ delimiter, attempt }) => ("fields" in attempt ? [{ delimiter, ...attempt }] : []));
  const consistent = read.filter((r) => r.next === r.fields.length);
  const pool = consistent.length > 0 ? consistent : read;
  return pool.reduce<(typeof read)[number] | undefined>(
    (best, r) => (r.fields.length > (best?.fields.length ?? 0) ? r : best),
    undefined,
  );
}

/** Whether a record's text stops at a line ending rather than at the end of the text read so far. */
function terminated(raw: string): boolean {
  return raw.endsWith("\n") || raw.endsWith("\r");
}

function lineEnding(text: string, raw: string): CsvDialect["lineEnding"] {
  if (raw.endsWith("\r\n")) return "\r\n";
  if (raw.endsWith("\n")) return "\n";
  if (raw.endsWith("\r")) return text[raw.length] === "\n" ? "\r\n" : "\r";
  return undefined;
}

/**
 * The header of a CSV file from its first characters (byte-order mark already removed).
 * `complete` says whether `text` is the whole file: if not, a header that reaches the end of the
 * text is "incomplete" and the caller reads further. The delimiter is one of `, ; tab |`, chosen
 * by bestDelimiter; a one-column file reads as comma-separated.
 */
export function csvHeader(text: string, complete: boolean, bom: boolean): HeaderRead {
  if (text.length === 0)
    return refused(
      "unreadable",
      "the file is empty: a CSV file needs a header line",
      "upload the file with its header",
    );
  const attempts = DELIMITERS.map((delimiter) => ({ delimiter, attempt: firstRecords(text, delimiter, complete) }));
  const best = bestDelimiter(attempts);
  const unclosed = attempts.some(({ attempt }) => "error" in attempt && attempt.error.code === "CSV_QUOTE_NOT_CLOSED");
  if (!complete && (best ? !terminated(best.raw) : unclosed)) return "incomplete";
  if (best === undefined) {
    const comma = attempts[0]?.attempt;
    return refused(
      "unreadable",
      `the header line is not valid CSV: ${comma && "error" in comma ? comma.error.message : "no columns"}`,
      'quote a column name that holds a quote as "" inside double quotes, e.g. "say ""hi""", and upload it again',
    );
  }
  return checkedHeader(best.fields, { delimiter: best.delimiter, bom, lineEnding: lineEnding(text, best.raw) });
}

/** Refuses headers no contract can match: an empty first line, or names that are not UTF-8 text. */
function checkedHeader(columns: string[], dialect: CsvDialect): HeaderRead {
  if (columns.length === 1 && columns[0] === "")
    return refused(
      "unreadable",
      "the first line is empty: a CSV file's first line must be its header",
      "remove the empty lines before the header and upload it again",
    );
  const garbled = columns.findIndex((name) => name.includes("\uFFFD"));
  if (garbled >= 0)
    return refused(
      "unreadable",
      `the header is not UTF-8 text (column ${garbled + 1} holds a byte that is not UTF-8)`,
      "save the file as CSV UTF-8 and upload it again",
    );
  return { columns, dialect };
}
