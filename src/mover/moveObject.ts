import { DeleteObjectCommand, ListObjectVersionsCommand, type S3Client } from "@aws-sdk/client-s3";
import { copyInParts, copyWhole, type Source } from "./copy";
import { explainFailure, httpStatus, type FailureContext } from "./errors";
import type { ObjectEvent } from "./objectEvent";
import { isSinglePartETag, sameETag } from "./parts";

/** Where one push dataset's objects go, and as whom. */
export interface DatasetRoute {
  name: string;
  targetBucket: string;
  keepFiles: boolean;
  /** The dataset's mover role, named in messages to receiving teams. */
  roleArn: string;
}

export interface MoverOptions {
  exportBucket: string;
  /** Objects larger than this are copied in parts. */
  multipartThreshold: number;
  partSize: number;
  /** Parts copied at once for one object. */
  concurrency: number;
}

/** An S3 client acting as the dataset's mover role, so it can reach only that dataset's objects and target. */
export type ClientForDataset = (dataset: string) => S3Client;

export type Outcome =
  /** Copied, verified, and deleted from the export bucket. */
  | "moved"
  /** Copied and verified; kept in the export bucket (keep_files). */
  | "copied"
  /** The version is no longer in the export bucket: an earlier delivery of this event moved it. */
  | "already-moved"
  /** The object was overwritten after this event; the newer version has an event of its own. */
  | "superseded"
  /** Not under a known dataset's prefix: reported and left in place. */
  | "not-a-dataset";

export interface MoveResult {
  outcome: Outcome;
  key: string;
  dataset?: string;
  size?: number;
  target?: string;
}

const gone = (error: unknown) => httpStatus(error) === 404;

/**
 * A key's current version and the ids of its older ones, from one listing (newest first). In an
 * unversioned bucket S3 lists the one object with the version id "null"; it has no older ones.
 */
async function versionsOf(s3: S3Client, bucket: string, key: string) {
  let current: { size: number; eTag: string; versionId?: string } | undefined;
  const older: string[] = [];
  let markers: { KeyMarker?: string; VersionIdMarker?: string } = {};
  for (;;) {
    const page = await s3.send(new ListObjectVersionsCommand({ Bucket: bucket, Prefix: key, ...markers }));
    for (const v of page.Versions ?? []) {
      if (v.Key !== key) continue;
      const id = v.VersionId && v.VersionId !== "null" ? v.VersionId : undefined;
      if (v.IsLatest) current = { size: v.Size ?? 0, eTag: v.ETag ?? "", ...(id ? { versionId: id } : {}) };
      else if (id) older.push(id);
    }
    if (!page.IsTruncated) return { current, older };
    markers = { ...(page.NextKeyMarker ? { KeyMarker: page.NextKeyMarker } : {}), ...(page.NextVersionIdMarker ? { VersionIdMarker: page.NextVersionIdMarker } : {}) };
  }
}

/** Deletes one version; one that is already gone is fine. */
async function deleteVersion(s3: S3Client, bucket: string, key: string, versionId: string): Promise<void> {
  await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key, VersionId: versionId })).catch((error: unknown) => {
    if (!gone(error)) throw error;
  });
}

/**
 * Moves one exported object to its dataset's target bucket, same key. Only a key's current
 * version is copied; the source is deleted only after its copy is verified, and only the exact
 * version that was copied, so an object written again meanwhile is never lost. Safe to call twice
 * for one event and in any order of events. Throws MoveError when the object must be retried; it
 * then stays in the export bucket.
 *
 * Not closed: two writes of one key within one copy's duration, handled at once by two callers,
 * can leave the older copy in the target (the newer stays there only if its copy lands last).
 * Closing it needs read access to the target (docs/decisions/0002-access-model.md).
 */
export async function moveObject(event: ObjectEvent, routes: ReadonlyMap<string, DatasetRoute>, s3For: ClientForDataset, options: MoverOptions): Promise<MoveResult> {
  const { key } = event;
  const dataset = key.includes("/") ? key.slice(0, key.indexOf("/")) : "";
  const route = routes.get(dataset);
  if (!route || event.bucket !== options.exportBucket) return { outcome: "not-a-dataset", key };

  const s3 = s3For(dataset);
  const context: FailureContext = { dataset, key, step: "read", target: route.targetBucket, role: route.roleArn };
  const base = { key, dataset, target: `s3://${route.targetBucket}/${key}` };
  try {
    // The current version: only it is ever copied, so a late event for an older version cannot
    // overwrite a newer copy in the target. One listing gives it and the older versions too.
    const versions = await versionsOf(s3, event.bucket, key);
    const current = versions.current;
    if (!current) return { ...base, outcome: "already-moved" };
    const eTag = current.eTag;
    const versionId = current.versionId;
    if (event.versionId && event.versionId !== versionId) {
      // An older version: a newer one is current and has its own event. Retire this one unless kept.
      context.step = "delete";
      if (!route.keepFiles) await deleteVersion(s3, event.bucket, key, event.versionId);
      return { ...base, outcome: "superseded" };
    }
    if (!event.versionId && event.eTag && !sameETag(eTag, event.eTag)) return { ...base, outcome: "superseded" };
    const source: Source = { bucket: event.bucket, key, size: current.size, eTag, ...(versionId ? { versionId } : {}) };

    context.step = "copy";
    try {
      const whole = source.size === 0 || (source.size <= options.multipartThreshold && isSinglePartETag(eTag));
      if (whole) await copyWhole(s3, source, route.targetBucket);
      else await copyInParts(s3, source, route.targetBucket, options.partSize, options.concurrency);
    } catch (error) {
      // 412: the source changed between reading and copying; the newer version has its own event.
      if (httpStatus(error) === 412) return { ...base, size: source.size, outcome: "superseded" };
      throw error;
    }
    if (route.keepFiles) return { ...base, size: source.size, outcome: "copied" };

    context.step = "delete";
    try {
      if (versionId) {
        // Older versions are superseded by this delivery and are retired first. Were the copied
        // version deleted first, a failure before the rest would leave an older version current,
        // and its late event would copy it over the newer copy. (Found by test/mover/faults.test.ts.)
        for (const old of versions.older) await deleteVersion(s3, event.bucket, key, old);
        await deleteVersion(s3, event.bucket, key, versionId);
      } else {
        await s3.send(new DeleteObjectCommand({ Bucket: event.bucket, Key: key, IfMatch: eTag }));
      }
    } catch (error) {
      // 412: overwritten after the copy. The copy was of the version seen; the newer one stays for its own event.
      if (httpStatus(error) === 412) return { ...base, size: source.size, outcome: "superseded" };
      if (!gone(error)) throw error;
    }
    return { ...base, size: source.size, outcome: "moved" };
  } catch (error) {
    throw explainFailure(error, context);
  }
}
