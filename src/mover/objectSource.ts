import { GetObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import type { ObjectSource } from "../contracts";
import type { Source } from "./copy";

/**
 * The exact source version as the contract inspector reads it: one ranged GetObject per read,
 * of that version (VersionId) and only while it is the version seen (IfMatch its ETag, which
 * also guards an unversioned bucket's object being written again; S3 answers 412). With a
 * VersionId the call needs s3:GetObjectVersion, not s3:GetObject ("If you include a versionId in
 * your request header, you must have the s3:GetObjectVersion permission"; GetObject API
 * reference, https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html).
 */
export function s3ObjectSource(s3: S3Client, source: Source): ObjectSource {
  return {
    size: source.size,
    read: async (start, endInclusive) => {
      const out = await s3.send(
        new GetObjectCommand({
          Bucket: source.bucket,
          Key: source.key,
          ...(source.versionId ? { VersionId: source.versionId } : {}),
          IfMatch: source.eTag,
          Range: `bytes=${start}-${endInclusive}`,
        }),
      );
      const chunks: Uint8Array[] = [];
      for await (const chunk of (out.Body ?? []) as AsyncIterable<Uint8Array>) chunks.push(chunk);
      return Buffer.concat(chunks);
    },
  };
}
