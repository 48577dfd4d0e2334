/** The most a CSV or JSON Lines check reads (and, for gzip, decompresses): the header must end within it. */
export const HEADER_LIMIT = 64 * 1024;

/** The first read of every object: enough for every magic number and for most header lines. */
export const PROBE_SIZE = 4 * 1024;

/**
 * The largest Parquet footer the check reads. Footers grow with columns times row groups; a few
 * MiB is already unusual, and the mover must hold the footer in memory.
 */
export const PARQUET_FOOTER_LIMIT = 16 * 1024 * 1024;

/** Says a byte count the way people read it: "64 KiB", "1.5 MiB". */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${+(bytes / 1024).toFixed(1)} KiB`;
  if (bytes < 1024 ** 3) return `${+(bytes / (1024 * 1024)).toFixed(1)} MiB`;
  return `${+(bytes / 1024 ** 3).toFixed(1)} GiB`;
}
