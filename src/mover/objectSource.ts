import { GetObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import type { ObjectSource } from "../contracts";
import type { Source } from "./copy";

/**
 * The exact source version, read whole by the contract check: its bytes, and the full-object
 * CRC64NVME S3 keeps for it when asked (ChecksumMode) and it has one.
 */
export interface WholeObject {
  readonly bytes: Buffer;
  readonly crc64nvme?: string;
}

/** The source as the inspector reads it, and what it read whole, if a read covered the whole object. */
export interface CheckedSource extends ObjectSource {
  whole(): WholeObject | undefined;
}

/**
 * The exact source version as the contract inspector reads it: one ranged GetObject per read,
 * of that version (VersionId) and only while it is the version seen (IfMatch its ETag, which
 * also guards an unversioned bucket's object being written again; S3 answers 412). With a
 * VersionId the call needs s3:GetObjectVersion, not s3:GetObject ("If you include a versionId in
 * your request header, you must have the s3:GetObjectVersion permission"; GetObject API
 * reference, https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html).
 *
 * A read of the whole object (a small one, which the first probe covers) is kept, so the mover can
 * write the copy from its bytes (copy.ts, putWhole). With `checksums` (AWS) that read asks for no
 * range but for the object's stored checksum (ChecksumMode ENABLED): S3 returns the full-object
 * checksum on a GET of the whole object, and none on a ranged one (MinIO matched AWS in dropping
 * them from range requests: https://github.com/minio/minio/pull/17105).
 */
export function s3ObjectSource(s3: S3Client, source: Source, checksums = false): CheckedSource {
  let read: WholeObject | undefined;
  return {
    size: source.size,
    whole: () => read,
    read: async (start, endInclusive) => {
      const all = start === 0 && endInclusive === source.size - 1;
      const whole = all && checksums;
      const out = await s3.send(
        new GetObjectCommand({
          Bucket: source.bucket,
          Key: source.key,
          ...(source.versionId ? { VersionId: source.versionId } : {}),
          IfMatch: source.eTag,
          ...(whole ? { ChecksumMode: "ENABLED" as const } : { Range: `bytes=${start}-${endInclusive}` }),
        }),
      );
      const chunks: Uint8Array[] = [];
      for await (const chunk of (out.Body ?? []) as AsyncIterable<Uint8Array>) chunks.push(chunk);
      const bytes = Buffer.concat(chunks);
      if (all) read = { bytes, ...(out.ChecksumCRC64NVME ? { crc64nvme: out.ChecksumCRC64NVME } : {}) };
      return bytes;
    },
  };
}
