// Writing and reading the engine's export and target buckets as the integration tests do, with
// the client each test file starts its engine with.
import { GetObjectCommand, ListObjectVersionsCommand, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { EXPORT } from "../mover/movedAndKept";

/** put: an upload to the export bucket, as its object event; read: an object's bytes; versionsOf: a key's versions left. */
export function exportObjects(s3: () => S3Client) {
  return {
    put: async (key: string, body: Uint8Array) => {
      const out = await s3().send(new PutObjectCommand({ Bucket: EXPORT, Key: key, Body: body }));
      return { bucket: EXPORT, key, ...(out.VersionId ? { versionId: out.VersionId } : {}) };
    },
    read: async (bucket: string, key: string) =>
      Buffer.from(
        (await (await s3().send(new GetObjectCommand({ Bucket: bucket, Key: key }))).Body?.transformToByteArray()) ??
          [],
      ),
    versionsOf: async (key: string) =>
      ((await s3().send(new ListObjectVersionsCommand({ Bucket: EXPORT, Prefix: key }))).Versions ?? []).filter(
        (v) => v.Key === key,
      ),
  };
}
