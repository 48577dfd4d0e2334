import { once } from "node:events";
import { constants, createGunzip } from "node:zlib";
import type { RangeRead } from "./rangeRead";

/** How much compressed data each ranged read asks for. */
const CHUNK = 16 * 1024;

/** The first bytes of a gzip member's content, and whether they are all of it. */
export interface GunzippedPrefix {
  readonly bytes: Uint8Array;
  readonly complete: boolean;
  /** zlib's message when the compressed data is damaged, before `bytes` could say enough. */
  readonly error?: string;
}

/**
 * Decompresses the start of a gzip object, streaming, from the `head` already read and then chunk
 * by chunk, and stops as soon as
 * `enough` says the output holds what the caller needs, or `limit` bytes have been read or
 * produced: never the whole object, and never more than `limit` bytes of output kept (a
 * gzip bomb expands a thousandfold).
 */
export async function gunzipPrefix(
  read: RangeRead,
  size: number,
  head: Uint8Array,
  limit: number,
  enough: (bytes: Uint8Array) => boolean,
): Promise<GunzippedPrefix> {
  // Each write is flushed, so what it decompresses is out before its callback runs.
  const gunzip = createGunzip({ flush: constants.Z_SYNC_FLUSH });
  const output: Buffer[] = [];
  let produced = 0;
  gunzip.on("data", (data: Buffer) => {
    if (produced < limit) output.push(data.subarray(0, limit - produced));
    produced += data.length;
  });
  let error: string | undefined;
  const failed = new Promise<void>((resolve) => gunzip.once("error", (e) => resolve(void (error = e.message))));
  try {
    let chunk = head;
    for (let offset = head.length; ; offset += chunk.length) {
      const last = offset >= size;
      // The last chunk ends the stream, so that a file cut short fails ("unexpected end of file")
      // instead of passing for a shorter one.
      const processed = last
        ? once(gunzip.end(chunk), "end").catch(() => undefined)
        : new Promise<void>((resolve) => gunzip.write(chunk, () => resolve()));
      await Promise.race([processed, failed]);
      await new Promise((resolve) => setImmediate(resolve));
      const bytes = Buffer.concat(output);
      if (error !== undefined) return { bytes, complete: false, error };
      const complete = last && produced <= limit;
      if (complete || produced >= limit || offset >= limit || enough(bytes)) return { bytes, complete };
      chunk = await read(offset, Math.min(size, limit, offset + CHUNK) - 1);
    }
  } finally {
    gunzip.destroy();
  }
}
