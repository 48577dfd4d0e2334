import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  GetObjectTaggingCommand,
  HeadObjectCommand,
  UploadPartCopyCommand,
  type S3Client,
} from "@aws-sdk/client-s3";
import { MoveError } from "./errors";
import { multipartETag, partsFor, sameETag } from "./parts";

/** The exact source version being moved. */
export interface Source {
  bucket: string;
  key: string;
  size: number;
  eTag: string;
  versionId?: string;
}

/** Keys go into CopySource URL-encoded, segment by segment; the version, when pinned, as a query. */
export function copySource(s: Source): string {
  const key = s.key.split("/").map(encodeURIComponent).join("/");
  return `${s.bucket}/${key}${s.versionId ? `?versionId=${encodeURIComponent(s.versionId)}` : ""}`;
}

const EMPTY_MD5 = "d41d8cd98f00b204e9800998ecf8427e";

/** Gives the receiving account ownership of what we write. */
const OWNER = { ACL: "bucket-owner-full-control" } as const;

/**
 * One CopyObject, for sources uploaded in one part: the copy's ETag is the MD5 of its bytes, so
 * equal ETags verify it. `CopySourceIfMatch` makes S3 refuse if the source changed meanwhile.
 */
export async function copyWhole(s3: S3Client, source: Source, target: string): Promise<void> {
  const result = await s3.send(
    new CopyObjectCommand({
      Bucket: target,
      Key: source.key,
      CopySource: copySource(source),
      CopySourceIfMatch: source.eTag,
      MetadataDirective: "COPY",
      TaggingDirective: "COPY",
      ...OWNER,
    }),
  );
  const copied = result.CopyObjectResult?.ETag;
  // An empty object uploaded in parts has a parts-style ETag; its one-part copy has the MD5 of nothing.
  const verified = sameETag(copied, source.eTag) || (source.size === 0 && sameETag(copied, EMPTY_MD5));
  if (!verified) {
    throw new MoveError(
      `the copy of ${source.key} reports ETag ${result.CopyObjectResult?.ETag ?? "(none)"}, not the source's ${source.eTag}; the source is kept`,
      { code: "CopyNotVerified", retryable: true },
    );
  }
}

/** Runs `work` over `items`, at most `limit` at once, failing as soon as one fails. */
async function pool<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const runners = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i] as T);
    }
  });
  await Promise.all(runners);
  return results;
}

/**
 * A parallel multipart copy (UploadPartCopy), for large objects and for sources uploaded in parts.
 * Verified by the ETag S3 reports for the assembled object, which must be the one our parts make;
 * engines that report none (Ceph RGW) are checked by reading the copy's size and ETag back.
 * Aborted on any failure, so no half-written upload is left behind.
 */
export async function copyInParts(
  s3: S3Client,
  source: Source,
  target: string,
  partSize: number,
  concurrency: number,
): Promise<void> {
  const version = source.versionId ? { VersionId: source.versionId } : {};
  // A multipart copy does not carry the object's metadata over by itself.
  const head = await s3.send(
    new HeadObjectCommand({ Bucket: source.bucket, Key: source.key, ...version, IfMatch: source.eTag }),
  );
  const tagging = await s3.send(
    new GetObjectTaggingCommand({
      Bucket: source.bucket,
      Key: source.key,
      ...(source.versionId ? { VersionId: source.versionId } : {}),
    }),
  );
  const tags = (tagging.TagSet ?? [])
    .map((t) => `${encodeURIComponent(t.Key ?? "")}=${encodeURIComponent(t.Value ?? "")}`)
    .join("&");
  const created = await s3.send(
    new CreateMultipartUploadCommand({
      Bucket: target,
      Key: source.key,
      ...OWNER,
      ...(head.ContentType ? { ContentType: head.ContentType } : {}),
      ...(head.ContentEncoding ? { ContentEncoding: head.ContentEncoding } : {}),
      ...(head.ContentDisposition ? { ContentDisposition: head.ContentDisposition } : {}),
      ...(head.ContentLanguage ? { ContentLanguage: head.ContentLanguage } : {}),
      ...(head.CacheControl ? { CacheControl: head.CacheControl } : {}),
      ...(head.Metadata ? { Metadata: head.Metadata } : {}),
      ...(tags ? { Tagging: tags } : {}),
    }),
  );
  const uploadId = created.UploadId;
  if (!uploadId)
    throw new MoveError(`S3 started no multipart upload for ${source.key}`, { code: "NoUploadId", retryable: true });
  try {
    const parts = partsFor(source.size, partSize);
    const copied = await pool(parts, concurrency, async (part) => {
      const result = await s3.send(
        new UploadPartCopyCommand({
          Bucket: target,
          Key: source.key,
          UploadId: uploadId,
          PartNumber: part.number,
          CopySource: copySource(source),
          CopySourceIfMatch: source.eTag,
          CopySourceRange: `bytes=${part.start}-${part.end}`,
        }),
      );
      const eTag = result.CopyPartResult?.ETag;
      if (!eTag)
        throw new MoveError(`part ${part.number} of ${source.key} came back without an ETag`, {
          code: "CopyNotVerified",
          retryable: true,
        });
      return { PartNumber: part.number, ETag: eTag };
    });
    const completed = await s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: target,
        Key: source.key,
        UploadId: uploadId,
        MultipartUpload: { Parts: copied },
      }),
    );
    const expected = multipartETag(copied.map((p) => p.ETag));
    if (completed.ETag) {
      if (!sameETag(completed.ETag, expected))
        throw new MoveError(
          `the assembled copy of ${source.key} has ETag ${completed.ETag}, not ${expected}; the source is kept`,
          { code: "CopyNotVerified", retryable: true },
        );
      return;
    }
    const back = await s3.send(new HeadObjectCommand({ Bucket: target, Key: source.key }));
    if (back.ContentLength !== source.size || !sameETag(back.ETag, expected)) {
      throw new MoveError(
        `the copy of ${source.key} reads back as ${back.ContentLength} bytes, ETag ${back.ETag}; expected ${source.size} bytes, ${expected}`,
        { code: "CopyNotVerified", retryable: true },
      );
    }
  } catch (error) {
    await s3
      .send(new AbortMultipartUploadCommand({ Bucket: target, Key: source.key, UploadId: uploadId }))
      .catch(() => undefined);
    throw error;
  }
}
