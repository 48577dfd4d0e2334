/**
 * The names a sealed batch is made of (decision 0018). A batch is the folder (prefix) that holds
 * a seal: `<dataset>/<batch>/_seal` in the export bucket; its manifest, the manifest's detached
 * signature and the platform's public key arrive beside the files in the target bucket.
 */

/** The seal's file name: written by the requester (AWS CLI or `exports seal`), never delivered. */
export const SEAL_NAME = "_seal";
/** The manifest's file name: written last, so its presence means the batch is complete. */
export const MANIFEST_NAME = "_manifest.json";
/** The manifest's detached signature (DER ECDSA P-256 over SHA-256): written before the manifest. */
export const SIGNATURE_NAME = `${MANIFEST_NAME}.sig`;
/** The platform's public key (PEM), written beside each manifest for convenience; pin it from docs. */
export const PUBLIC_KEY_NAME = "_data-exports-public-key.pem";

/** The batch prefix a seal's key closes (`ds/b1/` for `ds/b1/_seal`), or undefined for any other key. */
export function batchOfSeal(key: string): string | undefined {
  if (!key.endsWith(`/${SEAL_NAME}`)) return undefined;
  const prefix = key.slice(0, -SEAL_NAME.length);
  // A seal directly under the dataset's folder would seal every file the dataset ever sends.
  return prefix.split("/").length >= 3 ? prefix : undefined;
}

/** Whether a key is one of the files the mover writes for a batch (never a delivered file). */
export const isBatchFile = (key: string) =>
  [MANIFEST_NAME, SIGNATURE_NAME, PUBLIC_KEY_NAME, SEAL_NAME].some((name) => key === name || key.endsWith(`/${name}`));

/**
 * The prefixes that could be sealed batches holding `key`: each folder between the dataset's
 * folder and the key's own folder (`ds/a/b/f.csv` → `ds/a/b/`, `ds/a/`), innermost first.
 */
export function batchesHolding(key: string): string[] {
  const parts = key.split("/").slice(0, -1);
  const out: string[] = [];
  for (let n = parts.length; n >= 2; n--) out.push(`${parts.slice(0, n).join("/")}/`);
  return out;
}

/** A batch's name: its prefix without the dataset's folder and the final slash (`ds/2026/b1/` → `2026/b1`). */
export const batchName = (prefix: string) => prefix.split("/").slice(1, -1).join("/");
