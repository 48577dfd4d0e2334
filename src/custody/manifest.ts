import type { DeliveryRecord } from "./record";

/** One delivered file of a batch, as the manifest lists it. */
export interface ManifestFile {
  /** The key in the target bucket (the same key it had in the export bucket). */
  readonly key: string;
  readonly size: number;
  /** SHA-256 of the content, lowercase hex, as `sha256sum` prints it. */
  readonly sha256: string;
}

/** A sealed batch's manifest (decision 0018): what arrived, signed by the platform's key. */
export interface Manifest {
  readonly format: "data-exports/manifest/1";
  readonly dataset: string;
  /** The dataset file's paperwork: the DPIA or data sharing agreement it was approved under. */
  readonly paperwork: readonly string[];
  /** The batch's name: its folder under the dataset's (`2026-12/b1`). */
  readonly batch: string;
  readonly bucket: string;
  /** Every file of the batch is under this prefix of `bucket`, the manifest beside them. */
  readonly prefix: string;
  readonly sealedBy: string | null;
  /** When the seal was written to the export bucket, ISO 8601 UTC. */
  readonly sealedAt: string;
  /** Sorted by key. */
  readonly files: readonly ManifestFile[];
}

export const MANIFEST_FORMAT = "data-exports/manifest/1";

/** The manifest's fields, other than its files. */
export type ManifestHead = Omit<Manifest, "format" | "files">;

const byKey = (a: ManifestFile, b: ManifestFile) => Buffer.compare(Buffer.from(a.key), Buffer.from(b.key));

/** The manifest with its fields in the one order it is written in, and its files sorted by key. */
function ordered(head: ManifestHead, files: readonly ManifestFile[]): Manifest {
  return {
    format: MANIFEST_FORMAT,
    dataset: head.dataset,
    paperwork: [...head.paperwork],
    batch: head.batch,
    bucket: head.bucket,
    prefix: head.prefix,
    sealedBy: head.sealedBy,
    sealedAt: head.sealedAt,
    files: files.map((f) => ({ key: f.key, size: f.size, sha256: f.sha256 })).sort(byKey),
  };
}

/** The manifest of a batch's delivered records: each record's target key, size and digest. */
export function buildManifest(head: ManifestHead, records: readonly DeliveryRecord[]): Manifest {
  return ordered(
    head,
    records.map((r) => ({
      key: r.target?.key ?? r.source.key,
      size: r.source.size ?? 0,
      sha256: r.source.sha256 ?? "",
    })),
  );
}

/**
 * The manifest's bytes, the ones signed: the same manifest always gives the same bytes (fields
 * in a fixed order, files sorted by key, two-space JSON, one final newline), so two workers that
 * both find a batch complete write the same manifest and either one's signature verifies it.
 */
export function manifestBytes(manifest: Manifest): Buffer {
  return Buffer.from(`${JSON.stringify(ordered(manifest, manifest.files), null, 2)}\n`, "utf8");
}
