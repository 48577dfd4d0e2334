import { MANIFEST_FORMAT, type Manifest } from "./manifest";

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const SHA256 = /^[0-9a-f]{64}$/;

/** A manifest read back from a bucket (untrusted bytes), or what is wrong with it. */
export function parseManifest(bytes: Uint8Array, where: string): { manifest?: Manifest; error?: string } {
  let v: unknown;
  try {
    v = JSON.parse(Buffer.from(bytes).toString("utf8"));
  } catch (error) {
    return { error: `${where}: not JSON (${(error as Error).message}); the manifest was changed or cut short` };
  }
  const fileOk = (f: unknown) =>
    isObject(f) &&
    typeof f.key === "string" &&
    typeof f.size === "number" &&
    Number.isSafeInteger(f.size) &&
    typeof f.sha256 === "string" &&
    SHA256.test(f.sha256);
  if (
    !isObject(v) ||
    v.format !== MANIFEST_FORMAT ||
    typeof v.prefix !== "string" ||
    typeof v.bucket !== "string" ||
    !Array.isArray(v.files) ||
    !v.files.every(fileOk)
  )
    return {
      error: `${where}: not a data-exports manifest (format ${MANIFEST_FORMAT}, with bucket, prefix and files of key, size and sha256); the manifest was changed`,
    };
  return { manifest: v as unknown as Manifest };
}
