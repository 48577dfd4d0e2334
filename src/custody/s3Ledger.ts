import { createHash, randomBytes } from "node:crypto";
import { GetObjectCommand, ListObjectVersionsCommand, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { bodyBytes } from "./objectDigest";
import type { DeliveryRecord, Ledger } from "./record";

/** The outcomes that count as delivered: what a sealed batch's manifest may list. */
export const DELIVERING_OUTCOMES: ReadonlySet<string> = new Set(["delivered", "kept"]);

/** Where one dataset's records of one append are written: by day, so `history` lists only its days. */
const RECORDS = "records/";
/** Where the delivering records of one folder are written too, so `deliveredUnder` lists only its folder. */
const FOLDERS = "folders/";
/** Reads of record objects at once. */
const READS_AT_ONCE = 8;
/** S3's longest key, in UTF-8 bytes (https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-keys.html). */
const MAX_KEY_BYTES = 1024;

export interface S3LedgerOptions {
  /** The clock: the day and time in a record object's key. */
  now?: () => Date;
  /** The random part of a record object's key. */
  random?: () => string;
}

const dayPath = (d: Date) => d.toISOString().slice(0, 10).replaceAll("-", "/");
const DAY_MS = 24 * 60 * 60 * 1000;

/** The folder of a source key below its dataset's folder (`ds/monthly/2026-12/`), or undefined at the dataset's top. */
function folderOf(dataset: string, key: string): string | undefined {
  const slash = key.lastIndexOf("/");
  return slash > dataset.length ? key.slice(0, slash + 1) : undefined;
}

/** One object's records, a JSON object a line; the key names the object in the message if one is not a record. */
function parseRecords(text: string, where: string): DeliveryRecord[] {
  return text
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line, i) => {
      const value: unknown = JSON.parse(line);
      if (!isRecord(value))
        throw new Error(
          `${where}:${i + 1}: not a delivery record (format data-exports/delivery/1): ${line.slice(0, 80)}`,
        );
      return value;
    });
}

function isRecord(value: unknown): value is DeliveryRecord {
  if (typeof value !== "object" || value === null) return false;
  const v: Record<string, unknown> = { ...value };
  const source: unknown = v.source;
  return (
    v.format === "data-exports/delivery/1" &&
    typeof v.dataset === "string" &&
    typeof v.outcome === "string" &&
    typeof v.recordedAt === "string" &&
    typeof source === "object" &&
    source !== null &&
    "key" in source &&
    typeof source.key === "string"
  );
}

const byTime = (a: DeliveryRecord, b: DeliveryRecord) => Date.parse(a.recordedAt) - Date.parse(b.recordedAt);

/**
 * The delivery ledger on an S3 bucket with Object Lock in compliance mode (decision 0017). Each
 * append writes, per dataset, ONE object of JSON Lines under `records/<dataset>/<yyyy>/<mm>/<dd>/`,
 * named by the time and 16 random hex digits so no two appends collide, with `If-None-Match: *`
 * so that even a collision never replaces a record (https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-writes.html);
 * and, per folder that holds delivered files, one small object under `folders/<folder>` with that
 * folder's delivering records, which is all `deliveredUnder` reads. Reads take each object's
 * first version, so neither a later version nor a delete marker (which Object Lock allows) can
 * change or hide a record.
 */
export function s3Ledger(s3: S3Client, bucket: string, options: S3LedgerOptions = {}): Ledger {
  const now = options.now ?? (() => new Date());
  const random = options.random ?? (() => randomBytes(8).toString("hex"));
  return {
    async append(records) {
      const at = now();
      const name = `${at.toISOString()}-${random()}.jsonl`;
      const writes = [...groupBy(records, (r) => r.dataset)].map(([dataset, rs]) =>
        put(s3, bucket, `${RECORDS}${dataset}/${dayPath(at)}/${name}`, rs),
      );
      const delivering = records.filter((r) => DELIVERING_OUTCOMES.has(r.outcome));
      for (const [folder, rs] of groupBy(delivering, (r) => folderOf(r.dataset, r.source.key) ?? "")) {
        const key = `${FOLDERS}${folder}${name}`;
        // A folder too deep for S3's key limit cannot be sealed as a batch (decision 0017).
        if (folder !== "" && Buffer.byteLength(key) <= MAX_KEY_BYTES) writes.push(put(s3, bucket, key, rs));
      }
      await Promise.all(writes);
    },
    async deliveredUnder(dataset, prefix) {
      const records = await readAll(s3, bucket, `${FOLDERS}${prefix}`);
      const found = new Map<string, DeliveryRecord>();
      for (const r of records.sort(byTime))
        if (r.dataset === dataset && r.source.key.startsWith(prefix) && DELIVERING_OUTCOMES.has(r.outcome))
          found.set(r.source.key, r);
      return found;
    },
    async history(dataset, from, to) {
      // An object's day is its append's, on or after its records' own: one day's slack after `to`.
      const first = `${RECORDS}${dataset}/${dayPath(from)}`;
      const end = `${RECORDS}${dataset}/${dayPath(new Date(to.getTime() + 2 * DAY_MS))}`;
      const records = await readAll(s3, bucket, `${RECORDS}${dataset}/`, first, end);
      return records
        .filter((r) => {
          const t = Date.parse(r.recordedAt);
          return r.dataset === dataset && t >= from.getTime() && t < to.getTime();
        })
        .sort(byTime);
    },
  };
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(keyOf(item), [...(groups.get(keyOf(item)) ?? []), item]);
  return groups;
}

/**
 * Writes one record object, never over another: `If-None-Match: *` (S3 answers 412 if the key
 * exists), and Content-MD5, which S3 requires of a write that Object Lock retains
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html). The bucket's default
 * retention and encryption apply.
 */
async function put(s3: S3Client, bucket: string, key: string, records: readonly DeliveryRecord[]): Promise<void> {
  const body = records.map((r) => `${JSON.stringify(r)}\n`).join("");
  await s3.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: key,
      Body: body,
      ContentType: "application/x-ndjson",
      ContentMD5: createHash("md5").update(body).digest("base64"),
      IfNoneMatch: "*",
    }),
  );
}

/**
 * Each key's first version under `prefix`, after `after` and before `before`: what was written
 * there, whatever came later. S3 lists keys in order and each key's versions newest first, so a
 * key's last listed version is its first (https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectVersions.html).
 */
async function firstVersions(
  s3: S3Client,
  bucket: string,
  prefix: string,
  after?: string,
  before?: string,
): Promise<Map<string, string>> {
  const first = new Map<string, string>();
  let keyMarker = after;
  let versionMarker: string | undefined;
  for (;;) {
    const page = await s3.send(
      new ListObjectVersionsCommand({
        Bucket: bucket,
        Prefix: prefix,
        ...(keyMarker ? { KeyMarker: keyMarker } : {}),
        ...(versionMarker ? { VersionIdMarker: versionMarker } : {}),
      }),
    );
    for (const v of page.Versions ?? [])
      if (v.Key !== undefined && (before === undefined || v.Key < before)) first.set(v.Key, v.VersionId ?? "null");
    const last = page.Versions?.at(-1)?.Key;
    if (!page.IsTruncated || (before !== undefined && last !== undefined && last >= before)) return first;
    keyMarker = page.NextKeyMarker;
    versionMarker = page.NextVersionIdMarker;
  }
}

/** Every record of the objects under `prefix` (between `after` and `before`), each object read at its first version. */
async function readAll(
  s3: S3Client,
  bucket: string,
  prefix: string,
  after?: string,
  before?: string,
): Promise<DeliveryRecord[]> {
  const objects = [...(await firstVersions(s3, bucket, prefix, after, before))];
  const records: DeliveryRecord[] = [];
  for (let i = 0; i < objects.length; i += READS_AT_ONCE) {
    const read = objects.slice(i, i + READS_AT_ONCE).map(async ([key, versionId]) => {
      const out = await s3.send(
        new GetObjectCommand({ Bucket: bucket, Key: key, ...(versionId !== "null" ? { VersionId: versionId } : {}) }),
      );
      return parseRecords((await bodyBytes(out.Body)).toString("utf8"), `s3://${bucket}/${key}`);
    });
    for (const rs of await Promise.all(read)) records.push(...rs);
  }
  return records;
}
