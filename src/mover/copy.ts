import { createHash } from "node:crypto";
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  HeadObjectCommand,
  PutObjectCommand,
  UploadPartCopyCommand,
  type HeadObjectCommandOutput,
  type S3Client,
} from "@aws-sdk/client-s3";
import { combineCrc64Nvme, crc64Nvme } from "./crc64nvme";
import { MoveError } from "./errors";
import { failFastPool } from "./failFastPool";
import { engineMultipartETag, partsFor, sameETag } from "./parts";

/** The exact source version being moved. */
export interface Source {
  bucket: string;
  key: string;
  size: number;
  eTag: string;
  versionId?: string;
}

/** Where a copy goes: the target bucket, and the receiving team's KMS key when their bucket demands SSE-KMS. */
export interface Target {
  bucket: string;
  kmsKeyArn?: string;
  /** The account that must own the target bucket (the dataset's bucket_owner), when known. */
  owner?: string;
}

/**
 * What the copy must match. On AWS: the source's full-object CRC64NVME, compared with the one S3
 * reports for the copy. On an engine without checksums (Ceph RGW): the source's ETag, which such
 * an engine keeps or derives the same way for an unencrypted copy; see docs/local-platform.md.
 */
export type Expected = { crc64nvme: string } | { engineETag: string };

/** Keys go into CopySource URL-encoded, segment by segment; the version, when pinned, as a query. */
function copySource(s: Source): string {
  const key = s.key.split("/").map(encodeURIComponent).join("/");
  return `${s.bucket}/${key}${s.versionId ? `?versionId=${encodeURIComponent(s.versionId)}` : ""}`;
}

/** Gives the receiving account ownership of what we write; the only ACL a bucket with ACLs disabled accepts. */
const OWNER = { ACL: "bucket-owner-full-control" } as const;

/**
 * The encryption headers a receiving bucket policy may demand of every write (SSE-KMS with the
 * team's own key). https://docs.aws.amazon.com/AmazonS3/latest/userguide/specifying-kms-encryption.html
 */
const encryption = (target: Target) =>
  target.kmsKeyArn ? { ServerSideEncryption: "aws:kms" as const, SSEKMSKeyId: target.kmsKeyArn } : {};

/**
 * The bucket owner condition on every request to the target bucket: S3 answers 403 when another
 * account owns a bucket of that name (deleted and created again by someone else), so nothing is
 * written there. S3 accepts it on every object operation, UploadPartCopy and the multipart calls
 * included. https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-owner-condition.html
 */
const ownedBy = (target: Target) => (target.owner ? { ExpectedBucketOwner: target.owner } : {});

/** What every write into a target bucket carries: ownership handed over, the team's encryption, the owner check. */
export const targetWriteHeaders = (target: Target) => ({ ...OWNER, ...encryption(target), ...ownedBy(target) });

/**
 * What a copy carries besides its bytes and key: nothing the uploader set (decision 0015). Every
 * copy is labelled as plain bytes, with no other system metadata (Content-Disposition,
 * Cache-Control, Content-Encoding, Content-Language, Expires), no user metadata (x-amz-meta-*) and
 * no tags: each could change how the receiving bucket serves or handles the object (a page served
 * as text/html, a tag a lifecycle or access rule there acts on) without the reviewer having seen
 * it. x-amz-website-redirect-location is never copied by S3 and never sent here. A CopyObject
 * needs REPLACE to leave the source's metadata and tags behind (COPY is the default for both);
 * a multipart upload carries only what CreateMultipartUpload is given.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_CopyObject.html
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_CreateMultipartUpload.html
 */
export const DELIVERED_CONTENT_TYPE = "application/octet-stream";

/** Asks S3 for a CRC64NVME of what it writes when we verify by checksum. */
const checksumAsked = (expected: Expected) =>
  "crc64nvme" in expected ? { ChecksumAlgorithm: "CRC64NVME" as const } : {};

const notVerified = (message: string) => new MoveError(message, { code: "CopyNotVerified", step: "copy" });

/** What a verified copy is: its version in the target bucket, when the target keeps versions. */
export interface Copied {
  versionId?: string;
}

const copiedVersion = (versionId: string | undefined): Copied =>
  versionId && versionId !== "null" ? { versionId } : {};

/** Throws unless S3's account of the copy matches what the source must be. */
function verify(source: Source, expected: Expected, reported: { crc64nvme?: string; eTag?: string }): void {
  if ("crc64nvme" in expected) {
    if (reported.crc64nvme !== expected.crc64nvme)
      throw notVerified(
        `the copy of ${source.key} reports CRC64NVME ${reported.crc64nvme ?? "(none)"}, not the source's ${expected.crc64nvme}; the source is kept`,
      );
    return;
  }
  if (!sameETag(reported.eTag, expected.engineETag))
    throw notVerified(
      `the copy of ${source.key} reports ETag ${reported.eTag ?? "(none)"}, not ${expected.engineETag}; the source is kept`,
    );
}

/**
 * One CopyObject (S3 allows it up to 5 GiB). `CopySourceIfMatch` makes S3 refuse if the source
 * changed meanwhile; the uploader's metadata and tags are replaced (DELIVERED_CONTENT_TYPE).
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_CopyObject.html
 */
export async function copyWhole(s3: S3Client, source: Source, target: Target, expected: Expected): Promise<Copied> {
  const result = await s3.send(
    new CopyObjectCommand({
      Bucket: target.bucket,
      Key: source.key,
      CopySource: copySource(source),
      CopySourceIfMatch: source.eTag,
      MetadataDirective: "REPLACE",
      ContentType: DELIVERED_CONTENT_TYPE,
      TaggingDirective: "REPLACE",
      ...OWNER,
      ...ownedBy(target),
      ...encryption(target),
      ...checksumAsked(expected),
    }),
  );
  const copied = result.CopyObjectResult;
  verify(source, expected, {
    ...(copied?.ChecksumCRC64NVME ? { crc64nvme: copied.ChecksumCRC64NVME } : {}),
    ...(copied?.ETag ? { eTag: copied.ETag } : {}),
  });
  return copiedVersion(result.VersionId);
}

/**
 * Writes the copy from the source's bytes, already read whole (by the contract check), with one
 * PutObject carrying what CopyObject would give it (targetWriteHeaders, DELIVERED_CONTENT_TYPE,
 * no metadata, no tags). Nothing is written unless the bytes are the source's (their CRC64NVME,
 * or on an engine without checksums their MD5, is the one expected of the source); the request
 * carries that checksum, so the store refuses bytes that arrive otherwise ("If the checksum value
 * calculated by S3 matches your provided value, the request is accepted. If the values don't
 * match, the request is rejected": https://docs.aws.amazon.com/AmazonS3/latest/userguide/checking-object-integrity-upload.html;
 * Content-MD5 likewise, https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html); and
 * the copy is verified as copyWhole's is, by what the store reports of what it wrote.
 */
export async function putWhole(
  s3: S3Client,
  source: Source,
  target: Target,
  bytes: Buffer,
  expected: Expected,
): Promise<Copied> {
  const md5 = createHash("md5").update(bytes).digest();
  const read = "crc64nvme" in expected ? { crc64nvme: await crc64Nvme(bytes) } : { eTag: md5.toString("hex") };
  try {
    verify(source, expected, read);
  } catch {
    throw notVerified(
      `the bytes read of ${source.key} are not the source's; nothing was written and the source is kept`,
    );
  }
  const out = await s3.send(
    new PutObjectCommand({
      Bucket: target.bucket,
      Key: source.key,
      Body: bytes,
      ContentType: DELIVERED_CONTENT_TYPE,
      ...targetWriteHeaders(target),
      ...("crc64nvme" in expected ? { ChecksumCRC64NVME: expected.crc64nvme } : { ContentMD5: md5.toString("base64") }),
    }),
  );
  verify(source, expected, {
    ...(out.ChecksumCRC64NVME ? { crc64nvme: out.ChecksumCRC64NVME } : {}),
    ...(out.ETag ? { eTag: out.ETag } : {}),
  });
  return copiedVersion(out.VersionId);
}

/** The source version's size and checksum, pinned to the ETag the event named. */
export async function headSource(s3: S3Client, source: Source): Promise<HeadObjectCommandOutput> {
  return s3.send(
    new HeadObjectCommand({
      Bucket: source.bucket,
      Key: source.key,
      ...(source.versionId ? { VersionId: source.versionId } : {}),
      IfMatch: source.eTag,
      ChecksumMode: "ENABLED",
    }),
  );
}

/**
 * A parallel multipart copy (UploadPartCopy), for objects over the threshold or over CopyObject's
 * 5 GiB. On AWS the upload asks for a full-object CRC64NVME: every part reports its CRC64NVME,
 * their combination must be the source's before the upload is completed, and S3 checks the same
 * value again when completing. After any failure no part starts, the parts in flight settle, and
 * the upload is aborted, so no part is left behind.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_UploadPartCopy.html
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/checking-object-integrity.html
 */
export async function copyInParts(
  s3: S3Client,
  source: Source,
  target: Target,
  expected: Expected,
  options: { partSize: number; concurrency: number },
): Promise<Copied> {
  const byChecksum = "crc64nvme" in expected;
  const created = await s3.send(
    new CreateMultipartUploadCommand({
      Bucket: target.bucket,
      Key: source.key,
      ...OWNER,
      ...ownedBy(target),
      ...encryption(target),
      ...(byChecksum ? { ChecksumAlgorithm: "CRC64NVME" as const, ChecksumType: "FULL_OBJECT" as const } : {}),
      ContentType: DELIVERED_CONTENT_TYPE,
    }),
  );
  const uploadId = created.UploadId;
  if (!uploadId)
    throw new MoveError(`S3 started no multipart upload for ${source.key}`, { code: "NoUploadId", step: "copy" });
  try {
    const parts = partsFor(source.size, options.partSize);
    const copied = await failFastPool(parts, options.concurrency, async (part) => {
      const result = await s3.send(
        new UploadPartCopyCommand({
          Bucket: target.bucket,
          Key: source.key,
          UploadId: uploadId,
          ...ownedBy(target),
          PartNumber: part.number,
          CopySource: copySource(source),
          CopySourceIfMatch: source.eTag,
          CopySourceRange: `bytes=${part.start}-${part.end}`,
        }),
      );
      const eTag = result.CopyPartResult?.ETag;
      const crc = result.CopyPartResult?.ChecksumCRC64NVME;
      if (!eTag || (byChecksum && !crc))
        throw notVerified(`part ${part.number} of ${source.key} came back without its ETag or CRC64NVME`);
      return { PartNumber: part.number, ETag: eTag, ...(crc ? { ChecksumCRC64NVME: crc } : {}) };
    });
    if ("crc64nvme" in expected) {
      const assembled = combineCrc64Nvme(
        copied.map((p, i) => ({
          checksum: p.ChecksumCRC64NVME ?? "",
          size: (parts[i]?.end ?? 0) - (parts[i]?.start ?? 0) + 1,
        })),
      );
      verify(source, expected, { crc64nvme: assembled });
    }
    const completed = await s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: target.bucket,
        Key: source.key,
        UploadId: uploadId,
        ...ownedBy(target),
        MultipartUpload: { Parts: copied },
        // S3 refuses to complete an upload whose parts do not make this full-object checksum.
        ...("crc64nvme" in expected
          ? { ChecksumType: "FULL_OBJECT" as const, ChecksumCRC64NVME: expected.crc64nvme }
          : {}),
      }),
    );
    if ("crc64nvme" in expected) {
      verify(source, expected, completed.ChecksumCRC64NVME ? { crc64nvme: completed.ChecksumCRC64NVME } : {});
      return copiedVersion(completed.VersionId);
    }
    await verifyEngineCopy(s3, source, target, copied, completed.ETag);
    return copiedVersion(completed.VersionId);
  } catch (error) {
    await s3
      .send(
        new AbortMultipartUploadCommand({
          Bucket: target.bucket,
          Key: source.key,
          UploadId: uploadId,
          ...ownedBy(target),
        }),
      )
      .catch(() => undefined);
    throw error;
  }
}

/**
 * On an engine without checksums, the assembled copy's ETag is the one its parts make (the MD5
 * of their MD5s, which such an engine computes for unencrypted parts). Ceph RGW reports none on
 * completion, so the copy's ETag is read back. Never used against AWS.
 */
async function verifyEngineCopy(
  s3: S3Client,
  source: Source,
  target: Target,
  parts: readonly { ETag: string }[],
  completedETag: string | undefined,
): Promise<void> {
  const expected = { engineETag: engineMultipartETag(parts.map((p) => p.ETag)) };
  if (completedETag) return verify(source, expected, { eTag: completedETag });
  const back = await s3.send(new HeadObjectCommand({ Bucket: target.bucket, Key: source.key, ...ownedBy(target) }));
  if (back.ContentLength !== source.size)
    throw notVerified(`the copy of ${source.key} reads back as ${back.ContentLength} bytes, not ${source.size}`);
  verify(source, expected, back.ETag ? { eTag: back.ETag } : {});
}
