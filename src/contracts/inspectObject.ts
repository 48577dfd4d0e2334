import { gunzipPrefix } from "./gunzipPrefix";
import { refused, type Format, type Inspection, type Recognised, type Refused } from "./inspection";
import { formatBytes, HEADER_LIMIT, PROBE_SIZE } from "./limits";
import { GZIP_MAGIC, lookAlike, PARQUET_MAGIC, startsWith } from "./magicNumbers";
import { parquetColumns } from "./parquetFooter";
import { countedReader, type ObjectSource, type RangeRead, type ReadCount } from "./rangeRead";
import { textFormat, type TextRead } from "./textFormat";

const tooLong = (what: string) =>
  refused(
    "unreadable",
    `the ${what} does not end within the first ${formatBytes(HEADER_LIMIT)}, the most the check reads`,
    "shorten the column names, or check that the file is CSV or JSON Lines with a line break after the header",
  );

/** The text read as a recognised format with its columns, or the refusal. */
function recognisedText(found: Exclude<TextRead, "incomplete">, compressed: boolean): Recognised | Refused {
  if ("ok" in found) return found;
  if (found.kind === "jsonl" && compressed)
    return refused(
      "other-format",
      "this is gzip-compressed JSON Lines",
      "upload the JSON Lines file uncompressed, or ask for jsonl.gz to be added to the contract's formats",
    );
  const format: Format = found.kind === "jsonl" ? "jsonl" : compressed ? "csv.gz" : "csv";
  return { ok: true, format, columns: found.columns, ...("dialect" in found ? { dialect: found.dialect } : {}) };
}

/** A text file's first line: from the probe if it holds it, else from one more read up to the limit. */
async function inspectText(read: RangeRead, size: number, head: Uint8Array): Promise<Recognised | Refused> {
  let found = textFormat(head, head.length === size);
  if (found === "incomplete" && head.length < size) {
    const rest = await read(head.length, HEADER_LIMIT - 1);
    const bytes = Buffer.concat([head, rest]);
    found = textFormat(bytes, bytes.length === size);
  }
  return found === "incomplete" ? tooLong("first line") : recognisedText(found, false);
}

/** A gzip file's content, decompressed only as far as its first line. */
async function inspectGzip(read: RangeRead, size: number, head: Uint8Array): Promise<Recognised | Refused> {
  const prefix = await gunzipPrefix(
    read,
    size,
    head,
    HEADER_LIMIT,
    (bytes) => textFormat(bytes, false) !== "incomplete",
  );
  const damaged = refused(
    "unreadable",
    `the file starts like gzip but cannot be decompressed (${prefix.error})`,
    "compress it again with gzip and upload the whole file again",
  );
  if (prefix.error !== undefined && prefix.bytes.length === 0) return damaged;
  const inner = lookAlike(prefix.bytes);
  if (inner) return { ...inner, problem: `${inner.problem.replace(/^this is /, "this is gzip-compressed: ")}` };
  if (startsWith(prefix.bytes, PARQUET_MAGIC))
    return refused(
      "other-format",
      "this is a gzip-compressed Parquet file",
      "upload the Parquet file uncompressed (Parquet compresses its own pages)",
    );
  const found = textFormat(prefix.bytes, prefix.complete);
  if (found !== "incomplete") return recognisedText(found, true);
  return prefix.error === undefined ? tooLong("first decompressed line") : damaged;
}

/** What the first bytes say the object is, and its columns, read through `read`. */
async function inspect(read: RangeRead, size: number): Promise<Recognised | Refused> {
  if (size === 0) return refused("unreadable", "the file is empty", "upload the file with its content");
  const head = await read(0, Math.min(size, PROBE_SIZE) - 1);
  if (startsWith(head, PARQUET_MAGIC)) {
    const parquet = await parquetColumns(read, size);
    return "ok" in parquet ? parquet : { ok: true, format: "parquet", ...parquet };
  }
  if (startsWith(head, GZIP_MAGIC)) return inspectGzip(read, size, head);
  return lookAlike(head) ?? inspectText(read, size, head);
}

/**
 * Tells an object's format by its content (never its name) and its columns, reading as little
 * as it can: a probe of the first 4 KiB; then for Parquet the last 8 bytes and the footer; for
 * CSV and JSON Lines at most 64 KiB in all; for gzip at most 64 KiB of compressed data, of which
 * at most 64 KiB of output is kept. A file it cannot read as a contract format is refused, with
 * what it is and what to do. Throws only when the store fails (RangeReadError, or the reader's own errors).
 */
export async function inspectObject(source: ObjectSource): Promise<Inspection> {
  const count: ReadCount = { bytes: 0, reads: 0 };
  const found = await inspect(countedReader(source, count), source.size);
  return { ...found, bytesRead: count.bytes, reads: count.reads };
}
