import { ListObjectVersionsCommand, type ListObjectVersionsCommandOutput, type S3Client } from "@aws-sdk/client-s3";

/** A key's current version, when it has one, and the ids of its older versions. */
export interface KeyVersions {
  /** `lastModified`: when that version was written, ISO 8601 UTC (the upload time of a re-sent object). */
  current?: { size: number; eTag: string; versionId?: string; lastModified?: string };
  older: string[];
}

/** Answers, for one key of a batch, what its versions are. */
export type VersionLookup = (key: string) => Promise<KeyVersions>;

/**
 * Pages of a batch listing before the keys still open are listed one by one: a batch of 10 keys
 * with a few versions each fits in one, and a page that runs out before the batch's keys (a grown
 * keep_files folder, or other batches' keys between them) costs little.
 */
export const BATCH_PAGES = 3;

/**
 * Entries asked for per page of a batch listing: a few per key, enough for each key's versions
 * and for other keys between them. A larger page costs the engine more to list (Ceph RGW spent
 * half again the CPU on 100 entries as on 40; docs/benchmarks.md), and S3 returns at most 1,000.
 */
export const batchPageSize = (keys: number) => Math.min(1000, Math.max(10, 4 * keys));

// What this file relies on, from the ListObjectVersions API reference
// (https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectVersions.html):
// - Prefix limits the listing to keys that begin with it; MaxKeys caps the entries of a page
//   (versions and delete markers together, 1,000 by default) and a page may hold fewer.
// - Keys come in lexicographic (UTF-8 binary) order, and a key's versions newest first;
//   IsLatest marks the current one. Delete markers come in their own list (DeleteMarkers).
// - IsTruncated says more entries follow; NextKeyMarker and NextVersionIdMarker, passed back as
//   KeyMarker and VersionIdMarker, continue the listing after the last entry returned.
// - KeyMarker alone starts the listing at the first key after it (lexicographically), all of
//   that key's versions; the marker need not be a key that exists.
// - An unversioned bucket lists each object once, with the version id "null", as the latest.

/** Adds one page's entries to `into`, for the keys `wanted` (every key when absent). */
function collect(page: ListObjectVersionsCommandOutput, into: Map<string, KeyVersions>, wanted?: Set<string>) {
  const entry = (key: string) => {
    const found = into.get(key) ?? { older: [] };
    into.set(key, found);
    return found;
  };
  for (const v of page.Versions ?? []) {
    if (v.Key === undefined || (wanted && !wanted.has(v.Key))) continue;
    const versions = entry(v.Key);
    const id = v.VersionId && v.VersionId !== "null" ? v.VersionId : undefined;
    if (v.IsLatest)
      versions.current = {
        size: v.Size ?? 0,
        eTag: v.ETag ?? "",
        ...(id ? { versionId: id } : {}),
        ...(v.LastModified ? { lastModified: v.LastModified.toISOString() } : {}),
      };
    else if (id) versions.older.push(id);
  }
  // A key whose latest entry is a delete marker has no current version; its older versions stay
  // listed, so they are still retired with a delivery.
  for (const m of page.DeleteMarkers ?? []) if (m.Key !== undefined && (!wanted || wanted.has(m.Key))) entry(m.Key);
}

const markersAfter = (page: ListObjectVersionsCommandOutput) => ({
  ...(page.NextKeyMarker ? { KeyMarker: page.NextKeyMarker } : {}),
  ...(page.NextVersionIdMarker ? { VersionIdMarker: page.NextVersionIdMarker } : {}),
});

/**
 * One key's current version and the ids of its older ones, however many pages that takes. A loop
 * of its own: the SDK has no paginator for ListObjectVersions, whose position is two markers.
 */
export async function versionsOf(s3: S3Client, bucket: string, key: string): Promise<KeyVersions> {
  const found = new Map<string, KeyVersions>();
  let markers = {};
  for (;;) {
    const page = await s3.send(new ListObjectVersionsCommand({ Bucket: bucket, Prefix: key, ...markers }));
    collect(page, found, new Set([key]));
    if (!page.IsTruncated) return found.get(key) ?? { older: [] };
    markers = markersAfter(page);
  }
}

/** The longest string every key begins with. */
export function longestCommonPrefix(keys: readonly string[]): string {
  let prefix = keys[0] ?? "";
  for (const key of keys) while (!key.startsWith(prefix)) prefix = prefix.slice(0, -1);
  return prefix;
}

/** S3's order of keys in a listing: UTF-8 bytes, which JavaScript's own string order is not. */
const s3Order = (a: string, b: string) => Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));

/**
 * Where a listing starts so that it includes `key`: `key` less its last character, which sorts
 * before it in S3's order. The only keys between the two share all of `key` but its last
 * character, so few entries are spent before `key`.
 */
export function markerBefore(key: string): string {
  return Array.from(key).slice(0, -1).join("");
}

/**
 * What the pages listed so far tell for sure about `keys`, given everything they listed
 * (`listed`) and the last page: every key, when that page ends the listing; when it does not,
 * the keys before the page's last key (the last key may have versions on the next page, and a
 * key listed nowhere before it has none). Keys it leaves open are absent from the answer.
 */
export function settledByPage(
  page: ListObjectVersionsCommandOutput,
  keys: readonly string[],
  listed: Map<string, KeyVersions> = new Map(),
): Map<string, KeyVersions> {
  collect(page, listed, new Set(keys));
  if (!page.IsTruncated) return new Map(keys.map((k) => [k, listed.get(k) ?? { older: [] }]));
  const entries = [...(page.Versions ?? []), ...(page.DeleteMarkers ?? [])].map((v) => v.Key ?? "");
  const last = [...entries, page.NextKeyMarker ?? ""].reduce((a, b) => (s3Order(a, b) >= 0 ? a : b), "");
  return new Map(keys.filter((k) => s3Order(k, last) < 0).map((k) => [k, listed.get(k) ?? { older: [] }]));
}

/**
 * Answers the version question for the keys of one batch, under one dataset's folder: a listing
 * under their longest common prefix (never shorter than `folder`, which the mover role's
 * `s3:prefix` condition requires), starting just before the first of them in S3's order, over at
 * most BATCH_PAGES pages; then a listing per key for any key those pages leave open. A batch of
 * one key is listed per key from the start. Each key is listed at most once.
 */
export function batchVersions(s3: S3Client, bucket: string, folder: string, keys: readonly string[]): VersionLookup {
  const unique = [...new Set(keys)].sort(s3Order);
  const common = longestCommonPrefix(unique);
  const prefix = common.startsWith(folder) ? common : folder;
  const listBatch = async () => {
    const listed = new Map<string, KeyVersions>();
    let settled = new Map<string, KeyVersions>();
    let markers: { KeyMarker?: string; VersionIdMarker?: string } = { KeyMarker: markerBefore(unique[0] ?? "") };
    for (let n = 0; n < BATCH_PAGES && settled.size < unique.length; n++) {
      const page = await s3.send(
        new ListObjectVersionsCommand({
          Bucket: bucket,
          Prefix: prefix,
          MaxKeys: batchPageSize(unique.length),
          ...markers,
        }),
      );
      settled = settledByPage(page, unique, listed);
      if (!page.IsTruncated) break;
      markers = markersAfter(page);
    }
    return settled;
  };
  const page = unique.length > 1 ? listBatch() : Promise.resolve(new Map<string, KeyVersions>());
  // A failed listing fails each lookup that awaits it; it must not also surface as unhandled.
  page.catch(() => undefined);
  const perKey = new Map<string, Promise<KeyVersions>>();
  return async (key) => {
    const settled = (await page).get(key);
    if (settled) return settled;
    const listing = perKey.get(key) ?? versionsOf(s3, bucket, key);
    perKey.set(key, listing);
    return listing;
  };
}
