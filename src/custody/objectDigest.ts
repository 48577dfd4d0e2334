import { createHash } from "node:crypto";
import { GetObjectCommand, type S3Client } from "@aws-sdk/client-s3";

/**
 * SHA-256 of an object's content, lowercase hex, read as a stream so no object is held in memory
 * whatever its size: what a manifest lists and `exports verify` checks.
 */
export async function objectSha256(
  s3: S3Client,
  bucket: string,
  key: string,
): Promise<{ sha256: string; size: number }> {
  const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  const hash = createHash("sha256");
  let size = 0;
  for await (const chunk of out.Body as AsyncIterable<Uint8Array>) {
    hash.update(chunk);
    size += chunk.length;
  }
  return { sha256: hash.digest("hex"), size };
}

/** An object's whole body, for the small objects a batch reads whole (its seal, manifest, signature, key). */
export async function bodyBytes(body: unknown): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of (body ?? []) as AsyncIterable<Uint8Array>) chunks.push(chunk);
  return Buffer.concat(chunks);
}
