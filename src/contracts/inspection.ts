/** The formats a data contract may allow, named as a dataset file names them. */
export const FORMATS = ["csv", "csv.gz", "parquet", "jsonl"] as const;
export type Format = (typeof FORMATS)[number];

/** How a CSV file writes its header: what a reader needs to parse it the same way. */
export interface CsvDialect {
  readonly delimiter: "," | ";" | "\t" | "|";
  /** Whether the file starts with a UTF-8 byte-order mark (Excel's "CSV UTF-8" writes one). */
  readonly bom: boolean;
  /** The header's line ending; undefined when the file is a header with no line ending. */
  readonly lineEnding: "\r\n" | "\n" | "\r" | undefined;
}

/** A file read as one of the contract formats, with its columns in file order. */
export interface Recognised {
  readonly ok: true;
  readonly format: Format;
  /**
   * The column names, exactly as written (case and spaces kept), in file order. For Parquet the
   * top-level fields: a struct, list or map column is one name, its inner fields are not listed.
   */
  readonly columns: readonly string[];
  /** Parquet only: each column's type, as the footer gives it (logical type, else physical; STRUCT for a group). */
  readonly types?: readonly string[];
  /** CSV and gzip-compressed CSV only. */
  readonly dialect?: CsvDialect;
}

/** A file the check could not read as any contract format, and why, in words for the requester. */
export interface Refused {
  readonly ok: false;
  /** "other-format": the file is something else (a workbook, a PDF); "unreadable": it claims a format it breaks. */
  readonly reason: "other-format" | "unreadable";
  /** What the file is, or is not: "this is an Excel workbook (xlsx)". */
  readonly problem: string;
  /** What to do about it, itself a valid action: "save the sheet as CSV UTF-8 and upload that". */
  readonly fix: string;
}

/** What an inspection found, and what it cost. */
export type Inspection = (Recognised | Refused) & { readonly bytesRead: number; readonly reads: number };

export function refused(reason: Refused["reason"], problem: string, fix: string): Refused {
  return { ok: false, reason, problem, fix };
}

/**
 * The message a requester reads for a refused file: what it is (with the formats allowed, when it
 * is another format), then what to do.
 */
export function refusalMessage(refusal: Refused, allowed: readonly Format[]): string {
  return `${refusalProblem(refusal, allowed)}. ${refusal.fix}`;
}

/** What a refused file is (with the formats allowed, when it is another format), without the fix. */
export function refusalProblem(refusal: Refused, allowed: readonly Format[]): string {
  return refusal.reason === "other-format" ? `${refusal.problem}; allowed: ${allowed.join(", ")}` : refusal.problem;
}
