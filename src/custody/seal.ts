/**
 * A seal's body (decision 0018): empty, or JSON naming the files the batch must hold. `exports
 * seal` writes the JSON form; an empty body (`aws s3api put-object --bucket <export bucket> --key <dataset>/<batch>/_seal`) seals whatever is
 * under the batch's prefix when the mover checks it.
 */
export interface Seal {
  /** Who sealed the batch, as the seal names them (`exports seal` writes the platform user). */
  sealedBy?: string;
  /** The files the batch must hold, by key relative to the batch's prefix, with their sizes when known. */
  files?: readonly { key: string; size?: number }[];
}

export const SEAL_FORMAT = "data-exports/seal/1";

/** The JSON `exports seal` writes: the format, who sealed, and each file's key and size. */
export function sealBody(seal: Seal): string {
  return `${JSON.stringify({ format: SEAL_FORMAT, ...seal }, null, 2)}\n`;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Reads a seal's body: empty is a seal of everything under the prefix; otherwise JSON in the
 * form sealBody writes. The seal's address starts every message.
 */
export function parseSeal(body: string, bucket: string, key: string): { seal?: Seal; error?: string } {
  const where = `s3://${bucket}/${key}`;
  if (body.trim() === "") return { seal: {} };
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (error) {
    return {
      error: `${where}: the seal is not JSON (${(error as Error).message}); write it again with \`exports seal\`, or empty: aws s3api put-object --bucket ${bucket} --key ${key}`,
    };
  }
  const files = isObject(parsed) ? parsed.files : undefined;
  const fileOk = (f: unknown) =>
    isObject(f) &&
    typeof f.key === "string" &&
    f.key !== "" &&
    (f.size === undefined || (typeof f.size === "number" && Number.isSafeInteger(f.size) && f.size >= 0));
  if (!isObject(parsed) || (files !== undefined && (!Array.isArray(files) || !files.every(fileOk))))
    return {
      error: `${where}: the seal's JSON is not a seal: found ${JSON.stringify(body.slice(0, 80))}; expected {"files": [{"key": "<file under the batch>", "size": <bytes>}]}, written by \`exports seal\``,
    };
  return {
    seal: {
      ...(typeof parsed.sealedBy === "string" ? { sealedBy: parsed.sealedBy } : {}),
      ...(Array.isArray(files) ? { files: files as NonNullable<Seal["files"]> } : {}),
    },
  };
}
