import { createHash } from "node:crypto";
import { DeleteObjectCommand, DeleteObjectsCommand, type S3Client } from "@aws-sdk/client-s3";
import type { DataContract, Hold } from "../contracts";
import {
  copyInParts,
  copyWhole,
  headSource,
  putWhole,
  type Copied,
  type Expected,
  type Source,
  type Target,
} from "./copy";
import { contractHold, type Cleared } from "./contractCheck";
import { crc64Nvme } from "./crc64nvme";
import { TOO_MANY_TAGS, markDelivered, markHeld } from "./deliveryMark";
import { MoveError, httpStatus, type MoveStep } from "./errors";
import { explainFailure, type FailureContext } from "./failure";
import type { ObjectEvent } from "./objectEvent";
import type { WholeObject } from "./objectSource";
import { MAX_COPY_OBJECT, MIB, isSinglePartETag, sameETag } from "./parts";
import { batchOfSeal } from "./batchNames";
import { datasetOfKey } from "./routes";
import { sourceBytes, sourceCrc64Nvme, sourceDigest, sourceSha256 } from "./sourceChecksum";
import { batchVersions, type VersionLookup } from "./versions";

/** Where one push dataset's objects go, and as whom. */
export interface DatasetRoute {
  name: string;
  targetBucket: string;
  keepFiles: boolean;
  /** The dataset's mover role, named in messages to receiving teams. */
  roleArn: string;
  /** The receiving team's KMS key, when their bucket demands SSE-KMS with it. */
  kmsKeyArn?: string;
  /** The account that must own the target bucket (bucket_owner), when the dataset file says. */
  targetOwner?: string;
  /** The dataset's delivery-notice topic, when its file names notify addresses (decision 0010). */
  noticeTopicArn?: string;
  /** The dataset's `files:` contract (decision 0016): what may leave; without it, any object leaves. */
  contract?: DataContract;
  /** The dataset file's paperwork (DPIA, data sharing agreement), named in a sealed batch's manifest. */
  paperwork?: readonly string[];
  /**
   * The dataset file deployed (its path in the repository) and the commit it was deployed from,
   * when the synthesis ran in a git work tree: named in each delivery record (provenance).
   */
  datasetFile?: { path: string; commit?: string };
}

export interface MoverOptions {
  exportBucket: string;
  /** Objects larger than this are copied in parts. */
  multipartThreshold: number;
  partSize: number;
  /** Parts copied at once for one object. */
  concurrency: number;
  /**
   * How copies are verified: by full-object CRC64NVME checksums (AWS, the default), or, on an
   * engine that has no checksums (Ceph RGW), by ETags, which such an engine derives from the bytes
   * alone for unencrypted objects. docs/local-platform.md says what that leaves unchecked.
   */
  verification?: "crc64nvme" | "engine-etag";
  /**
   * engine-etag only: the engine keeps a parts-style ETag when it copies a whole object (Ceph RGW
   * does), so such sources can be copied whole and still verified.
   */
  wholeCopyKeepsETag?: boolean;
  /**
   * Whether the engine takes DeleteObjects from the mover's sessions (true by default, as S3
   * does). Ceph RGW refuses it to a role session, so there each version is deleted on its own
   * rather than after one refused request per batch.
   */
  batchDeletes?: boolean;
  /**
   * Whether each delivered object's SHA-256 is computed for the delivery ledger (true by default).
   * On AWS a whole copy's source is read once in place of its HeadObject; on an engine verified by
   * ETags a small source uploaded whole is read once and its copy written from those bytes;
   * otherwise the source is read alongside the copy (docs/decisions/0019-delivery-records.md).
   */
  digests?: boolean;
}

/** An S3 client acting as the dataset's mover role, so it can reach only that dataset's objects and target. */
export type ClientForDataset = (dataset: string) => S3Client;

export type Outcome =
  /** Copied, verified, and deleted from the export bucket. */
  | "moved"
  /** Copied, verified and marked delivered; kept in the export bucket (keep_files). */
  | "copied"
  /** The version is no longer in the export bucket: an earlier delivery of this event moved it. */
  | "already-moved"
  /** The object was overwritten after this event; the newer version has an event of its own. */
  | "superseded"
  /**
   * Copied and verified, kept (keep_files), but its delivery could not be marked on it: it already
   * carries S3's 10 tags. A delivery, final: retrying would copy it again and fail again (decision 0013).
   */
  | "copied-unrecorded"
  /** Not under a known dataset's prefix: reported and left in place. */
  | "not-a-dataset"
  /**
   * Not copied: it breaks its dataset's contract (decision 0016). Left in the export bucket, its
   * version tagged data-exports-held; final, not retried: the requester mends it and uploads again.
   */
  | "held"
  /** A batch's seal (decision 0018): never delivered; the batch's manifest follows its last file. */
  | "sealed";

export interface MoveResult {
  outcome: Outcome;
  key: string;
  dataset?: string;
  size?: number;
  target?: string;
  /** From the start of this object's move to its outcome. */
  durationMs?: number;
  /**
   * copied-unrecorded: why the delivery could not be recorded (S3's code, TooManyTags, and the
   * words). held: the hold's code (src/contracts/hold.ts) and what breaks the contract.
   */
  code?: string;
  reason?: string;
  /** held: what the requester must do, itself a valid action. */
  fix?: string;
  /** The source version moved (absent on an unversioned export bucket). */
  versionId?: string;
  /** When the source version was written, from the export bucket's listing (ISO 8601 UTC). */
  uploadedAt?: string;
  /** A delivery: SHA-256 of the content delivered, lowercase hex, when digests are on. */
  sha256?: string;
  /** A delivery: the copy's version in the target bucket, when the target keeps versions. */
  targetVersionId?: string;
}

const gone = (error: unknown) => httpStatus(error) === 404;

/** Deletes one version; one that is already gone is fine. */
async function deleteVersion(s3: S3Client, bucket: string, key: string, versionId: string): Promise<void> {
  await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key, VersionId: versionId })).catch((error: unknown) => {
    if (!gone(error)) throw error;
  });
}

/** A verified copy whose source versions are still to be deleted: done per batch, in two rounds. */
interface PendingDelete {
  s3: S3Client;
  bucket: string;
  key: string;
  /** Versions this delivery supersedes: deleted first. */
  older: string[];
  /** The delivered version: deleted last. */
  versionId: string;
  result: MoveResult;
  context: FailureContext;
  started: number;
}

const isPending = (step: MoveResult | MoveError | PendingDelete): step is PendingDelete => "s3" in step;

/**
 * Moves one exported object to its dataset's target bucket, same key. See moveObjects.
 * Throws MoveError when the object must be retried; it then stays in the export bucket.
 */
export async function moveObject(
  event: ObjectEvent,
  routes: ReadonlyMap<string, DatasetRoute>,
  s3For: ClientForDataset,
  options: MoverOptions,
): Promise<MoveResult> {
  const [result] = await moveObjects([event], routes, s3For, options);
  if (result instanceof MoveError) throw result;
  return result as MoveResult;
}

/**
 * Moves a batch of exported objects, each to its dataset's target bucket, same key. Only a key's
 * current version is copied; a source is deleted only after its copy is verified, and only the
 * exact version that was copied, so an object written again meanwhile is never lost. Safe for
 * duplicate events and any order of events. The versions of a dataset's keys are listed once for
 * the batch where one page answers for them (src/mover/versions.ts). The deletes of a batch go in two DeleteObjects
 * rounds per dataset: first the versions each delivery supersedes, then the delivered versions
 * (docs/decisions/0003-mover-versions.md says why in that order). Returns, per event, its result
 * or the MoveError that sends it back for a retry.
 *
 * Not closed: two writes of one key within one copy's duration, handled at once by two callers,
 * can leave the older copy in the target (the newer stays there only if its copy lands last).
 */
export async function moveObjects(
  events: readonly ObjectEvent[],
  routes: ReadonlyMap<string, DatasetRoute>,
  s3For: ClientForDataset,
  options: MoverOptions,
): Promise<(MoveResult | MoveError)[]> {
  const lookups = versionLookups(events, routes, s3For, options.exportBucket);
  const steps = await Promise.all(
    events.map((event) => copyStep(event, routes, s3For, options, lookups.get(datasetOfKey(event.key)))),
  );
  const pending = steps.filter(isPending);
  const failed = new Map<PendingDelete, MoveError>();
  const batched = options.batchDeletes ?? true;
  await deleteRound(pending, (p) => p.older, failed, batched);
  await deleteRound(
    pending.filter((p) => !failed.has(p)),
    (p) => [p.versionId],
    failed,
    batched,
  );
  const now = Date.now();
  return steps.map((step) =>
    isPending(step) ? (failed.get(step) ?? { ...step.result, durationMs: now - step.started }) : step,
  );
}

/**
 * One version lookup per dataset of the batch: the batch's keys under that dataset's folder are
 * listed together (decision 0003). Events under no dataset, or for another bucket, get none.
 */
function versionLookups(
  events: readonly ObjectEvent[],
  routes: ReadonlyMap<string, DatasetRoute>,
  s3For: ClientForDataset,
  exportBucket: string,
): Map<string, VersionLookup> {
  const keys = new Map<string, string[]>();
  for (const { bucket, key } of events) {
    const dataset = datasetOfKey(key);
    if (bucket === exportBucket && routes.has(dataset)) keys.set(dataset, [...(keys.get(dataset) ?? []), key]);
  }
  return new Map(
    [...keys].map(([dataset, ks]) => [dataset, batchVersions(s3For(dataset), exportBucket, `${dataset}/`, ks)]),
  );
}

/** One object's move under way: what every step of copyStep needs. */
interface Move {
  event: ObjectEvent;
  route: DatasetRoute;
  s3: S3Client;
  options: MoverOptions;
  /** The failure context of the move; each step names its own step in a copy of it. */
  context: FailureContext;
  started: number;
  /** The source version, once listed: carried on every result from then on. */
  version?: Pick<MoveResult, "versionId" | "uploadedAt">;
}

/** The result of a move that ends here, with the key, dataset, target and duration filled in. */
function done(
  move: Move,
  result: Pick<
    MoveResult,
    "outcome" | "size" | "code" | "reason" | "fix" | "versionId" | "uploadedAt" | "sha256" | "targetVersionId"
  >,
): MoveResult {
  const { key } = move.event;
  return {
    key,
    dataset: move.route.name,
    target: `s3://${move.route.targetBucket}/${key}`,
    ...move.version,
    ...result,
    durationMs: Date.now() - move.started,
  };
}

/** Runs one step of a move: what it throws is explained as a failure at that step. */
async function step<T>(move: Move, at: MoveStep, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw explainFailure(error, { ...move.context, step: at });
  }
}

/** Everything up to the final deletes: the outcome when there is nothing left to delete. */
async function copyStep(
  event: ObjectEvent,
  routes: ReadonlyMap<string, DatasetRoute>,
  s3For: ClientForDataset,
  options: MoverOptions,
  versionsOf: VersionLookup | undefined,
): Promise<MoveResult | MoveError | PendingDelete> {
  const started = Date.now();
  const { key } = event;
  const dataset = datasetOfKey(key);
  const route = routes.get(dataset);
  if (!route || !versionsOf || event.bucket !== options.exportBucket) return { outcome: "not-a-dataset", key };
  if (batchOfSeal(key) !== undefined) return { outcome: "sealed", key, dataset };
  const context: FailureContext = {
    dataset,
    key,
    step: "read",
    target: route.targetBucket,
    role: route.roleArn,
    ...(route.targetOwner ? { targetOwner: route.targetOwner } : {}),
  };
  const move: Move = { event, route, s3: s3For(dataset), options, context, started };
  const early = route.contract ? earlyCheck(move, route.contract) : undefined;
  try {
    // The current version: only it is ever copied, so a late event for an older version cannot
    // overwrite a newer copy in the target. The batch's listing gives it and the older versions too.
    const versions = await step(move, "read", () => versionsOf(key));
    const current = versions.current;
    if (!current) return done(move, { outcome: "already-moved" });
    const { eTag, versionId } = current;
    if (event.versionId && event.versionId !== versionId) {
      // An older version: a newer one is current and has its own event. Retire this one unless kept.
      const older = event.versionId;
      if (!route.keepFiles) await step(move, "delete", () => deleteVersion(move.s3, event.bucket, key, older));
      return done(move, { outcome: "superseded" });
    }
    if (!event.versionId && event.eTag && !sameETag(eTag, event.eTag)) return done(move, { outcome: "superseded" });
    const source: Source = { bucket: event.bucket, key, size: current.size, eTag, ...(versionId ? { versionId } : {}) };
    move.version = {
      ...(versionId ? { versionId } : {}),
      ...(current.lastModified ? { uploadedAt: current.lastModified } : {}),
    };
    const checked = route.contract ? await checkContract(move, source, route.contract, early?.(source)) : {};
    if ("outcome" in checked) return checked;
    return await deliverSource(move, source, versions.older, checked.whole);
  } catch (error) {
    return explainFailure(error, context);
  }
}

/** A contract check started before the version is known to be current; see earlyCheck. */
type EarlyCheck = (current: Source) => Promise<Hold | Cleared> | undefined;

/**
 * Starts the contract check of the version the event names while the batch's versions are being
 * listed, so that its reads overlap the listing instead of following it (issue 27). Its verdict
 * is used only if the listing shows that very version current (same version id, ETag and size);
 * otherwise it is dropped, its failure with it. Nothing is written or tagged until the listing and
 * the verdict are both in (checkContract, deliverSource). Only for an event that names all three,
 * as S3's events for a versioned bucket do; otherwise the check follows the listing.
 */
function earlyCheck(move: Move, contract: DataContract): EarlyCheck | undefined {
  const { bucket, key, versionId, eTag, size } = move.event;
  if (!versionId || !eTag || size === undefined) return undefined;
  // Events carry the ETag without quotes; S3 writes it quoted, as listings return it.
  const named: Source = { bucket, key, size, eTag: `"${eTag.replaceAll('"', "")}"`, versionId };
  const checksums = move.options.verification !== "engine-etag";
  const started = contractHold(move.s3, named, move.route.name, contract, checksums);
  // Dropped when the version is not current: its failure must not surface as unhandled.
  started.catch(() => undefined);
  return (current) =>
    current.versionId === versionId && sameETag(current.eTag, eTag) && current.size === size ? started : undefined;
}

/**
 * The outcome of a version that may not leave under its dataset's contract (held, tagged so; or
 * superseded, when it changed while it was read), or, when it may leave, the bytes the check
 * read if it read them all. `early`: the check of this version, already started (earlyCheck).
 * Read failures are failures of the "check" step, retried like any other, never a hold.
 */
async function checkContract(
  move: Move,
  source: Source,
  contract: DataContract,
  early?: Promise<Hold | Cleared>,
): Promise<MoveResult | { whole?: WholeObject }> {
  const { size } = source;
  const checksums = move.options.verification !== "engine-etag";
  const verdict = await step(move, "check", async () => {
    try {
      return await (early ?? contractHold(move.s3, source, move.route.name, contract, checksums));
    } catch (error) {
      // 412: written again since it was listed; the newer version has its own event.
      if (httpStatus(error) === 412) return "superseded" as const;
      throw error;
    }
  });
  if (verdict === "superseded") return done(move, { size, outcome: "superseded" });
  if (verdict.verdict === "deliver") return verdict.whole ? { whole: verdict.whole } : {};
  const at = { bucket: source.bucket, key: source.key, ...(source.versionId ? { versionId: source.versionId } : {}) };
  const mark = await step(move, "mark", () => markHeld(move.s3, at, verdict.code));
  const reason = mark.recorded ? verdict.problem : `${verdict.problem} (${mark.reason})`;
  return done(move, { size, outcome: "held", code: verdict.code, reason, fix: verdict.fix });
}

/**
 * Copies the current version (from `whole`, its bytes, when the check read them all), then marks
 * it (keep_files) or leaves its deletes to the batch.
 */
async function deliverSource(
  move: Move,
  source: Source,
  older: string[],
  whole?: WholeObject,
): Promise<MoveResult | PendingDelete> {
  const { event, route, s3 } = move;
  const { key } = source;
  const size = source.size;
  const target: Target = {
    bucket: route.targetBucket,
    ...(route.kmsKeyArn ? { kmsKeyArn: route.kmsKeyArn } : {}),
    ...(route.targetOwner ? { owner: route.targetOwner } : {}),
  };
  // 412: the source changed between reading and copying; the newer version has its own event.
  const copied = await step(move, "copy", async () => {
    try {
      return await copyVersion(s3, source, target, move.options, whole);
    } catch (error) {
      if (httpStatus(error) === 412) return undefined;
      throw error;
    }
  });
  if (!copied) return done(move, { size, outcome: "superseded" });
  const delivered = { size, ...(copied.sha256 ? { sha256: copied.sha256 } : {}), ...targetVersion(copied) };
  if (route.keepFiles) {
    // Recorded on the version kept, so the sweep can tell a kept delivery from a failed one.
    const at = { bucket: event.bucket, key, ...(source.versionId ? { versionId: source.versionId } : {}) };
    const mark = await step(move, "mark", () => markDelivered(s3, at, new Date()));
    if (mark.recorded) return done(move, { ...delivered, outcome: "copied" });
    return done(move, { ...delivered, outcome: "copied-unrecorded", code: TOO_MANY_TAGS, reason: mark.reason });
  }
  const moved = done(move, { ...delivered, outcome: "moved" });
  if (source.versionId) {
    const versionId = source.versionId;
    const context = { ...move.context, step: "delete" as const };
    return { s3, bucket: event.bucket, key, older, versionId, result: moved, context, started: move.started };
  }
  // An unversioned bucket: one conditional delete, which refuses if the object was written again.
  const deleted = await step(move, "delete", async () => {
    try {
      await s3.send(new DeleteObjectCommand({ Bucket: event.bucket, Key: key, IfMatch: source.eTag }));
    } catch (error) {
      // 412: overwritten after the copy. The copy was of the version seen; the newer one stays for its own event.
      if (httpStatus(error) === 412) return false;
      if (!gone(error)) throw error;
    }
    return true;
  });
  return deleted ? done(move, { ...delivered, outcome: "moved" }) : done(move, { size, outcome: "superseded" });
}

const targetVersion = (copied: Copied) => (copied.versionId ? { targetVersionId: copied.versionId } : {});

/** A verified copy, and the SHA-256 of its content when digests are on. */
type Delivered = Copied & { sha256?: string };

/**
 * The copy written from the bytes read whole, by the contract check or by engineCopy (one
 * PutObject, putWhole), verified against the same checksum a copy would be, its SHA-256 taken from
 * those bytes; or undefined where such a write cannot be verified (a source uploaded in parts, on
 * an engine verified by ETags), to be copied instead.
 */
async function writeWhole(
  s3: S3Client,
  source: Source,
  target: Target,
  whole: WholeObject,
  options: MoverOptions,
): Promise<Delivered | undefined> {
  let expected: Expected;
  if (options.verification !== "engine-etag")
    // The source's CRC64NVME as S3 keeps it, or, for an object it keeps none for, of the bytes read
    // (as sourceCrc64Nvme computes it for such an object); putWhole checks the bytes against it.
    expected = { crc64nvme: whole.crc64nvme ?? (await crc64Nvme(whole.bytes)) };
  // An engine's single-part ETag is the MD5 of the bytes: what putWhole checks and the store reports.
  else if (isSinglePartETag(source.eTag)) expected = { engineETag: source.eTag };
  else return undefined;
  const written = await putWhole(s3, source, target, whole.bytes, expected);
  return { ...written, sha256: createHash("sha256").update(whole.bytes).digest("hex") };
}

/**
 * Copies one version and verifies the copy; throws if it cannot be verified. A version whose
 * bytes the contract check read whole is written from them (writeWhole). Objects up to the
 * threshold (and CopyObject's 5 GiB) go in one CopyObject, larger ones in parts. An engine
 * verified by ETags has its own path (engineCopy). With digests on, the content's SHA-256 comes
 * with it.
 */
async function copyVersion(
  s3: S3Client,
  source: Source,
  target: Target,
  options: MoverOptions,
  whole?: WholeObject,
): Promise<Delivered> {
  const written = whole ? await writeWhole(s3, source, target, whole, options) : undefined;
  if (written) return written;
  if (options.verification === "engine-etag") return engineCopy(s3, source, target, options);
  const small = source.size <= Math.min(options.multipartThreshold, MAX_COPY_OBJECT);
  const digests = options.digests ?? true;
  if (!digests) {
    const head = await headSource(s3, source);
    const expected: Expected = { crc64nvme: await sourceCrc64Nvme(s3, source, head) };
    if (source.size === 0 || small) return copyWhole(s3, source, target, expected);
    return copyInParts(s3, source, target, expected, options);
  }
  if (source.size === 0 || small) {
    // One GetObject in place of the HeadObject: the bytes give the CRC64NVME the copy is verified
    // by (checked against the one S3 keeps) and the SHA-256 the ledger records. No request added.
    const read = await sourceDigest(s3, source);
    return { ...(await copyWhole(s3, source, target, { crc64nvme: read.crc64nvme })), sha256: read.sha256 };
  }
  // In parts: the HeadObject's CRC64NVME verifies the parts as before, and the source is read for
  // its SHA-256 while they are copied (S3 keeps only a composite SHA-256 of an upload in parts).
  const head = await headSource(s3, source);
  if (!head.ChecksumCRC64NVME) {
    // No CRC64NVME kept for it: one read gives both, before the parts are copied.
    const read = await sourceDigest(s3, source);
    return { ...(await copyInParts(s3, source, target, { crc64nvme: read.crc64nvme }, options)), sha256: read.sha256 };
  }
  const read = settledLater(sourceSha256(s3, source));
  const copied = await copyInParts(s3, source, target, { crc64nvme: head.ChecksumCRC64NVME }, options);
  return { ...copied, sha256: await read };
}

/**
 * The largest source the engine path reads into memory to write its copy from (engineCopy): small
 * objects, whose whole read costs no more than the streaming read it replaces.
 */
export const ENGINE_WHOLE_READ = 8 * MIB;

/**
 * Copies one version on an engine verified by ETags (no checksums there: Ceph RGW). With digests
 * on, a small source uploaded whole is read once and its copy written from those bytes (writeWhole:
 * a PutObject with Content-MD5, nothing written unless the bytes' MD5 is the source's ETag, the
 * copy's ETag checked after), its SHA-256 taken from the same bytes: the engine reads the source
 * once, where a read beside a CopyObject made it read the source twice (docs/benchmarks.md, The
 * delivery ledger). Otherwise the source is copied (CopyObject, or in parts) and, with digests on,
 * read for its SHA-256 while it is copied. A source uploaded in parts is copied in parts too,
 * unless the engine keeps its ETag on a whole copy (wholeCopyKeepsETag).
 */
async function engineCopy(s3: S3Client, source: Source, target: Target, options: MoverOptions): Promise<Delivered> {
  const digests = options.digests ?? true;
  const small = source.size <= Math.min(options.multipartThreshold, MAX_COPY_OBJECT);
  // Only a source uploaded whole: its ETag is the MD5 of its bytes, which the write is checked by.
  if (
    digests &&
    isSinglePartETag(source.eTag) &&
    source.size <= Math.min(ENGINE_WHOLE_READ, options.multipartThreshold)
  ) {
    const written = await writeWhole(s3, source, target, { bytes: await sourceBytes(s3, source) }, options);
    if (written) return written;
  }
  const read = digests ? settledLater(sourceSha256(s3, source)) : undefined;
  const comparable = isSinglePartETag(source.eTag) || options.wholeCopyKeepsETag === true;
  // The MD5 of no bytes: what an empty copy's ETag is on such an engine, however the source was uploaded.
  const eTag = source.size === 0 ? "d41d8cd98f00b204e9800998ecf8427e" : source.eTag;
  const copied =
    source.size === 0 || (small && comparable)
      ? await copyWhole(s3, source, target, { engineETag: eTag })
      : await copyInParts(s3, source, target, { engineETag: source.eTag }, options);
  return read ? { ...copied, sha256: await read } : copied;
}

/** A promise awaited later: marked handled now, so a failure while the copy runs is not an unhandled rejection. */
function settledLater<T>(p: Promise<T>): Promise<T> {
  p.catch(() => undefined);
  return p;
}

const GONE_CODES = new Set(["NoSuchKey", "NoSuchVersion", "NotFound"]);

/** Deletes, per dataset and bucket, the versions `which` names for each pending move; a failure fails the moves it touches. */
async function deleteRound(
  pending: readonly PendingDelete[],
  which: (p: PendingDelete) => string[],
  failed: Map<PendingDelete, MoveError>,
  batched: boolean,
): Promise<void> {
  const groups = new Map<string, PendingDelete[]>();
  for (const p of pending.filter((p) => which(p).length > 0)) {
    const id = `${p.context.dataset}\u0000${p.bucket}`;
    groups.set(id, [...(groups.get(id) ?? []), p]);
  }
  await Promise.all(
    [...groups.values()].map(async (group) => {
      const first = group[0] as PendingDelete;
      const unique = new Map<string, { Key: string; VersionId: string }>();
      for (const p of group) for (const v of which(p)) unique.set(`${p.key}\u0000${v}`, { Key: p.key, VersionId: v });
      const entries = [...unique.values()];
      // Deleted one by one, at once: the order that matters is between the rounds, not within one.
      const deleteEach = (chunk: readonly { Key: string; VersionId: string }[]) =>
        Promise.all(
          chunk.map((entry) =>
            deleteVersion(first.s3, first.bucket, entry.Key, entry.VersionId).catch((single: unknown) => {
              for (const p of group.filter((p) => p.key === entry.Key && !failed.has(p)))
                failed.set(p, explainFailure(single, p.context));
            }),
          ),
        );
      if (!batched) return void (await deleteEach(entries));
      for (let i = 0; i < entries.length; i += 1000) {
        const chunk = entries.slice(i, i + 1000);
        const keys = new Set(chunk.map((e) => e.Key));
        try {
          const out = await first.s3.send(
            new DeleteObjectsCommand({ Bucket: first.bucket, Delete: { Quiet: true, Objects: chunk } }),
          );
          for (const error of out.Errors ?? []) {
            if (GONE_CODES.has(error.Code ?? "")) continue;
            for (const p of group.filter((p) => p.key === error.Key && !failed.has(p))) {
              failed.set(
                p,
                explainFailure(
                  Object.assign(new Error(error.Message ?? ""), { name: error.Code ?? "DeleteFailed" }),
                  p.context,
                ),
              );
            }
          }
        } catch (error) {
          // An engine that refuses DeleteObjects to this session may still allow each delete
          // (Ceph RGW to a role session, when batchDeletes was not turned off for it).
          if (httpStatus(error) === 403) {
            await deleteEach(chunk);
            continue;
          }
          for (const p of group.filter((p) => keys.has(p.key) && !failed.has(p)))
            failed.set(p, explainFailure(error, p.context));
        }
      }
    }),
  );
}
