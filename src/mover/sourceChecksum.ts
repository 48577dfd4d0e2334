import { GetObjectCommand, type HeadObjectCommandOutput, type S3Client } from "@aws-sdk/client-s3";
import type { Source } from "./copy";
import { crc64NvmeOf } from "./crc64nvme";

/**
 * The source version's full-object CRC64NVME. S3 stores one for every object uploaded without a
 * checksum since it made CRC64NVME the default, and for uploads that chose it; HeadObject with
 * ChecksumMode returns it (CRC64NVME is always a full-object checksum). An older object, or one
 * uploaded with another algorithm, has none: then the version is read once and its CRC computed,
 * slower but never unverified.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/checking-object-integrity.html
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_HeadObject.html
 */
export async function sourceCrc64Nvme(s3: S3Client, source: Source, head: HeadObjectCommandOutput): Promise<string> {
  if (head.ChecksumCRC64NVME) return head.ChecksumCRC64NVME;
  const object = await s3.send(
    new GetObjectCommand({
      Bucket: source.bucket,
      Key: source.key,
      ...(source.versionId ? { VersionId: source.versionId } : {}),
      IfMatch: source.eTag,
    }),
  );
  const crc = crc64NvmeOf();
  for await (const chunk of object.Body as AsyncIterable<Uint8Array>) crc.update(chunk);
  return crc.digest();
}
