import {
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectVersionsCommand,
  PutObjectCommand,
  type S3Client,
} from "@aws-sdk/client-s3";
import { targetWriteHeaders, type Target } from "../mover/copy";
import { markState } from "../mover/deliveryMark";
import { failFastPool } from "../mover/failFastPool";
import { httpStatus } from "../mover/errors";
import type { ClientForDataset, DatasetRoute } from "../mover/moveObject";
import { datasetOfKey } from "../mover/routes";
import { MANIFEST_NAME, PUBLIC_KEY_NAME, SEAL_NAME, SIGNATURE_NAME, batchName, isBatchFile } from "../mover/batchNames";
import { batchState, type BatchState } from "./batchState";
import { buildManifest, manifestBytes } from "./manifest";
import { bodyBytes } from "./objectDigest";
import type { Ledger } from "./record";
import { parseSeal, type Seal } from "./seal";
import type { Signer } from "./signer";

/** What the mover needs to close sealed batches: the dataset's clients, the ledger and the platform's signer. */
export interface BatchDeps {
  exportBucket: string;
  routes: ReadonlyMap<string, DatasetRoute>;
  s3For: ClientForDataset;
  ledger: Ledger;
  signer: Signer;
}

/**
 * What the try that asks for a check knows of the batch's files: those it held back for breaking
 * the dataset's contract; and whether to read the hold tags of the files still waiting (a seal's
 * check: a delivery's check reads none, for one request per waiting file after every delivery
 * would grow with the square of the batch).
 */
export interface HoldsKnown {
  held?: ReadonlySet<string>;
  readHolds?: boolean;
}

/** Hold tags read at once by one check (GetObjectTagging, as the sweep reads them). */
const TAG_READS = 8;

/** A batch after a check: its state, or "unsealed" when it has no seal (none yet, or closed already). */
export type CheckedBatch = { prefix: string; dataset: string } & (
  | Exclude<BatchState, { state: "complete" }>
  | { state: "complete"; manifest: string; files: number }
  | { state: "unsealed" }
);

interface ReadSeal {
  seal: Seal;
  sealedAt: string;
  versionId?: string;
}

/** The batch's seal, or undefined when there is none (not written, or removed once the manifest was). */
async function readSeal(s3: S3Client, bucket: string, key: string): Promise<ReadSeal | { error: string } | undefined> {
  try {
    const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    const body = (await bodyBytes(out.Body)).toString("utf8");
    const parsed = parseSeal(body, bucket, key);
    if (!parsed.seal) return { error: parsed.error ?? "" };
    return {
      seal: parsed.seal,
      sealedAt: (out.LastModified ?? new Date(0)).toISOString(),
      ...(out.VersionId && out.VersionId !== "null" ? { versionId: out.VersionId } : {}),
    };
  } catch (error) {
    if (httpStatus(error) === 404) return undefined;
    throw error;
  }
}

/**
 * The objects still in the export bucket under the prefix, key → size, the batch's own files left
 * out. ListObjectVersions, the listing the mover role is granted (s3:ListBucketVersions under its
 * folder): a key's current version is the one with IsLatest; a key whose latest entry is a delete
 * marker has none. https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectVersions.html
 */
async function waitingUnder(s3: S3Client, bucket: string, prefix: string): Promise<Map<string, number>> {
  const found = new Map<string, number>();
  let markers: { KeyMarker?: string; VersionIdMarker?: string } = {};
  for (;;) {
    const page = await s3.send(new ListObjectVersionsCommand({ Bucket: bucket, Prefix: prefix, ...markers }));
    for (const v of page.Versions ?? [])
      if (v.IsLatest && v.Key !== undefined && !isBatchFile(v.Key)) found.set(v.Key, v.Size ?? 0);
    if (!page.IsTruncated) return found;
    markers = {
      ...(page.NextKeyMarker ? { KeyMarker: page.NextKeyMarker } : {}),
      ...(page.NextVersionIdMarker ? { VersionIdMarker: page.NextVersionIdMarker } : {}),
    };
  }
}

/**
 * The keys among `keys` whose current version the dataset's contract held back (tagged
 * data-exports-held; the mover role may read tags: GetObjectTagging). One deleted meanwhile is not held.
 */
async function heldAmong(s3: S3Client, bucket: string, keys: string[]): Promise<Set<string>> {
  const states = await failFastPool(keys, TAG_READS, (key) =>
    markState(s3, bucket, key).catch((error: unknown) => {
      if (httpStatus(error) === 404) return "undelivered" as const;
      throw error;
    }),
  );
  return new Set(keys.filter((_, i) => states[i] === "held"));
}

/** Removes the seal's exact version read, so the sweep stops sending it and no later upload completes it. */
async function removeSeal(s3: S3Client, bucket: string, key: string, read: ReadSeal): Promise<void> {
  await s3.send(
    new DeleteObjectCommand({ Bucket: bucket, Key: key, ...(read.versionId ? { VersionId: read.versionId } : {}) }),
  );
}

/**
 * Writes the batch's signature, the public key, then the manifest, last: a receiving team that
 * sees the manifest sees a complete batch. Safe to repeat, and to run twice at once: the manifest's
 * bytes depend only on the batch, so whichever signature lands last verifies whichever manifest does.
 */
async function writeManifest(s3: S3Client, target: Target, prefix: string, bytes: Buffer, deps: BatchDeps) {
  const signature = await deps.signer.sign(bytes);
  const put = (name: string, Body: Uint8Array | string, ContentType: string) =>
    s3.send(
      new PutObjectCommand({
        Bucket: target.bucket,
        Key: `${prefix}${name}`,
        Body,
        ContentType,
        ...targetWriteHeaders(target),
      }),
    );
  await put(SIGNATURE_NAME, signature, "application/octet-stream");
  await put(PUBLIC_KEY_NAME, await deps.signer.publicKeyPem(), "application/x-pem-file");
  await put(MANIFEST_NAME, bytes, "application/json");
}

/**
 * Checks one batch prefix of the export bucket: no seal, waiting for files, held by one file, or
 * complete, in which case its signed manifest is written into the target bucket and the seal is
 * removed from the export bucket (so the sweep stops sending it). An empty batch's seal is removed
 * too: a seal covers what is there when it is checked, so files uploaded after it must be sealed
 * again, never closed one by one as they arrive. Throws on S3's or the signer's failures, leaving
 * the seal in place for the next check.
 */
export async function checkBatch(
  prefix: string,
  givenUp: ReadonlySet<string>,
  deps: BatchDeps,
  known: HoldsKnown = {},
): Promise<CheckedBatch> {
  const dataset = datasetOfKey(prefix);
  const route = deps.routes.get(dataset);
  if (!route) return { prefix, dataset, state: "unsealed" };
  const s3 = deps.s3For(dataset);
  const sealKey = `${prefix}${SEAL_NAME}`;
  const read = await readSeal(s3, deps.exportBucket, sealKey);
  if (!read) return { prefix, dataset, state: "unsealed" };
  if ("error" in read) return { prefix, dataset, state: "held", key: sealKey, why: read.error };
  const [waiting, delivered] = await Promise.all([
    waitingUnder(s3, deps.exportBucket, prefix),
    deps.ledger.deliveredUnder(dataset, prefix),
  ]);
  const undelivered = [...waiting.keys()].filter((k) => !delivered.has(k));
  const held = new Set([
    ...(known.held ?? []),
    ...(route.contract && known.readHolds ? await heldAmong(s3, deps.exportBucket, undelivered) : []),
  ]);
  const state = batchState({ prefix, seal: read.seal, waiting, delivered, givenUp, held });
  if (state.state === "empty") await removeSeal(s3, deps.exportBucket, sealKey, read);
  if (state.state !== "complete") return { prefix, dataset, ...state };
  const target: Target = {
    bucket: route.targetBucket,
    ...(route.kmsKeyArn ? { kmsKeyArn: route.kmsKeyArn } : {}),
    ...(route.targetOwner ? { owner: route.targetOwner } : {}),
  };
  const manifest = buildManifest(
    {
      dataset,
      paperwork: route.paperwork ?? [],
      batch: batchName(prefix),
      bucket: route.targetBucket,
      prefix,
      sealedBy: read.seal.sealedBy ?? null,
      sealedAt: read.sealedAt,
    },
    state.records,
  );
  await writeManifest(s3, target, prefix, manifestBytes(manifest), deps);
  await removeSeal(s3, deps.exportBucket, sealKey, read);
  return {
    prefix,
    dataset,
    state: "complete",
    manifest: `s3://${route.targetBucket}/${prefix}${MANIFEST_NAME}`,
    files: manifest.files.length,
  };
}
