/**
 * How the inspector reads an object: one byte range at a time, never the whole object.
 *
 * The mover backs it with S3 GetObject and a `Range: bytes=start-end` header. S3 takes one range
 * per request, with RFC 9110's meaning: both ends inclusive, counted from 0; a last byte past the
 * end is cut to the end, and a first byte at or past the end is refused with 416 InvalidRange
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html, "Range";
 * https://www.rfc-editor.org/rfc/rfc9110.html#name-byte-ranges). So the inspector asks only for
 * ranges inside `[0, size - 1]`, and never reads an empty object at all.
 */
export type RangeRead = (start: number, endInclusive: number) => Promise<Uint8Array>;

/** An object the inspector may read: its ranged reader and its size in bytes (from the S3 event or HeadObject). */
export interface ObjectSource {
  readonly read: RangeRead;
  readonly size: number;
}

/** A ranged read that answered with other bytes than asked for: the store's fault, not the file's. */
export class RangeReadError extends Error {
  override name = "RangeReadError";
}

/** Counts what an inspection read, so callers and benchmarks can hold it to its budget. */
export interface ReadCount {
  bytes: number;
  reads: number;
}

/**
 * A reader that clamps each range to the object, checks the length of each answer, and counts
 * what it read into `count`.
 */
export function countedReader(source: ObjectSource, count: ReadCount): RangeRead {
  return async (start, endInclusive) => {
    const end = Math.min(endInclusive, source.size - 1);
    if (start < 0 || start > end) return new Uint8Array(0);
    const bytes = await source.read(start, end);
    count.bytes += bytes.length;
    count.reads += 1;
    if (bytes.length !== end - start + 1)
      throw new RangeReadError(`asked for bytes ${start}-${end} (${end - start + 1} bytes), received ${bytes.length}`);
    return bytes;
  };
}
