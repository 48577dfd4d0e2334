import { csvHeader } from "./csvHeader";
import { refused, type CsvDialect, type Refused } from "./inspection";
import { startsWith } from "./magicNumbers";

const UTF8_BOM = [0xef, 0xbb, 0xbf];

/** A text file read as CSV or JSON Lines, a refusal, or a sign that the bytes so far end inside the first line. */
export type TextRead =
  | { kind: "csv"; columns: string[]; dialect: CsvDialect }
  | { kind: "jsonl"; columns: string[] }
  | "incomplete"
  | Refused;

/**
 * The first line of JSON Lines: one JSON object, whose keys are the columns (in the order
 * written). Later lines may differ; the contract holds the first.
 */
function jsonLinesKeys(text: string, complete: boolean): TextRead {
  const end = text.indexOf("\n");
  if (end < 0 && !complete) return "incomplete";
  const line = (end < 0 ? text : text.slice(0, end)).replace(/\r$/, "");
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    return refused(
      "unreadable",
      `the first line starts with "{" but is not one JSON object (${(error as Error).message})`,
      "write one JSON object per line (JSON Lines), with no line break inside an object, and upload it again",
    );
  }
  if (typeof value !== "object" || value === null || Array.isArray(value))
    return refused("unreadable", "the first line is not a JSON object", "write one JSON object per line (JSON Lines)");
  return { kind: "jsonl", columns: Object.keys(value) };
}

/**
 * What a text file is, from its first bytes: JSON Lines when its first line is a JSON object,
 * else CSV. `complete` says whether `bytes` is the whole content.
 */
export function textFormat(bytes: Uint8Array, complete: boolean): TextRead {
  const bom = startsWith(bytes, UTF8_BOM);
  const body = bom ? bytes.subarray(UTF8_BOM.length) : bytes;
  if (body.includes(0))
    return refused(
      "other-format",
      `this is a binary file of a kind the check does not know (it starts with ${hex(bytes.subarray(0, 8))})`,
      "export the data as CSV (UTF-8) or Parquet and upload that instead",
    );
  // Not fatal: a character cut at the end of a read is not an error; a bad byte in the header is
  // refused by csvHeader, one in the rows after it is not the header's concern.
  const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(body);
  const first = text.trimStart()[0];
  if (first === "{") return jsonLinesKeys(text.trimStart(), complete);
  if (first === "[")
    return refused(
      "other-format",
      "this is a JSON document (it starts with [), not JSON Lines",
      "write one JSON object per line (JSON Lines) and upload that instead",
    );
  if (first === "<")
    return refused(
      "other-format",
      "this is an XML or HTML document",
      "export the data as CSV (UTF-8) or Parquet and upload that instead",
    );
  const header = csvHeader(text, complete, bom);
  return typeof header === "string" || "ok" in header ? header : { kind: "csv", ...header };
}

export function hex(bytes: Uint8Array): string {
  return [...bytes].map((b) => b.toString(16).padStart(2, "0")).join(" ");
}
