import { GetObjectCommand, ListObjectsV2Command, type S3Client } from "@aws-sdk/client-s3";
import type { KeyObject } from "node:crypto";
import { MANIFEST_NAME, SIGNATURE_NAME, isBatchFile } from "../mover/batchNames";
import { httpStatus } from "../mover/errors";
import type { ManifestFile } from "./manifest";
import { parseManifest } from "./manifestShape";
import { bodyBytes, objectSha256 } from "./objectDigest";
import { keyFingerprint, signatureHolds } from "./signer";

/** One thing that stops a batch verifying, said precisely: which object, what was expected, what was found. */
export interface Finding {
  kind:
    | "no-manifest"
    | "no-signature"
    | "bad-signature"
    | "bad-manifest"
    | "wrong-place"
    | "missing"
    | "extra"
    | "size"
    | "sha256";
  /** The s3:// address of the object concerned. */
  object: string;
  message: string;
  expected?: string | number;
  found?: string | number;
}

/** What `exports verify` found: verified when there is no finding. */
export interface Verification {
  verified: boolean;
  manifest: string;
  publicKeyFingerprint: string;
  files: number;
  findings: Finding[];
}

const url = (bucket: string, key: string) => `s3://${bucket}/${key}`;

/** An object's bytes, or undefined when there is none (404). */
async function bytesOf(s3: S3Client, bucket: string, key: string): Promise<Uint8Array | undefined> {
  try {
    const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return await bodyBytes(out.Body);
  } catch (error) {
    // 404 is NoSuchKey (no such object) or NoSuchBucket: only the first is a finding; a bucket that
    // does not exist means the batch could not be checked (https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html).
    if (httpStatus(error) === 404 && !(error instanceof Error && error.name === "NoSuchBucket")) return undefined;
    throw error;
  }
}

/** Every object under the prefix, key → size: what is there to compare with the manifest. */
async function listed(s3: S3Client, bucket: string, prefix: string): Promise<Map<string, number>> {
  const found = new Map<string, number>();
  let token: string | undefined;
  do {
    const page = await s3.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ...(token ? { ContinuationToken: token } : {}) }),
    );
    for (const o of page.Contents ?? []) if (o.Key !== undefined) found.set(o.Key, o.Size ?? 0);
    token = page.NextContinuationToken;
  } while (token);
  return found;
}

/** The findings of each file the manifest lists against what is in the bucket, digests read a few at a time. */
async function fileFindings(
  s3: S3Client,
  bucket: string,
  files: readonly ManifestFile[],
  present: Map<string, number>,
) {
  const findings: Finding[] = [];
  const queue = [...files];
  const worker = async () => {
    for (let f = queue.shift(); f; f = queue.shift()) {
      const at = url(bucket, f.key);
      const size = present.get(f.key);
      if (size === undefined) {
        findings.push({
          kind: "missing",
          object: at,
          message: `${at}: missing: the manifest lists it (${f.size} bytes), the bucket does not hold it`,
        });
        continue;
      }
      if (size !== f.size) {
        findings.push({
          kind: "size",
          object: at,
          expected: f.size,
          found: size,
          message: `${at}: different size: the manifest says ${f.size} bytes, the bucket holds ${size}`,
        });
        continue;
      }
      const { sha256 } = await objectSha256(s3, bucket, f.key);
      if (sha256 !== f.sha256)
        findings.push({
          kind: "sha256",
          object: at,
          expected: f.sha256,
          found: sha256,
          message: `${at}: different content: the manifest's SHA-256 is ${f.sha256}, the object's is ${sha256}`,
        });
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
  return findings.sort((a, b) => (a.object < b.object ? -1 : a.object > b.object ? 1 : 0));
}

/**
 * Verifies a sealed batch as a receiving team can, with read access to its own bucket and the
 * platform's public key alone: the manifest's detached signature, then every file it lists (there,
 * same size, same SHA-256, read as a stream), and anything under the prefix it does not list.
 * Throws only when S3 refuses or fails (the caller says so); every other problem is a finding.
 */
export async function verifyBatch(s3: S3Client, bucket: string, prefix: string, key: KeyObject): Promise<Verification> {
  const manifestUrl = url(bucket, `${prefix}${MANIFEST_NAME}`);
  const result = (findings: Finding[], files = 0): Verification => ({
    verified: findings.length === 0,
    manifest: manifestUrl,
    publicKeyFingerprint: keyFingerprint(key),
    files,
    findings,
  });
  const [manifestBytes, signature] = await Promise.all([
    bytesOf(s3, bucket, `${prefix}${MANIFEST_NAME}`),
    bytesOf(s3, bucket, `${prefix}${SIGNATURE_NAME}`),
  ]);
  if (!manifestBytes)
    return result([
      {
        kind: "no-manifest",
        object: manifestUrl,
        message: `${manifestUrl}: no manifest: the batch is not complete yet, or was never sealed (exports status <dataset> on the sending side says which)`,
      },
    ]);
  const sigUrl = url(bucket, `${prefix}${SIGNATURE_NAME}`);
  const findings: Finding[] = [];
  if (!signature)
    findings.push({
      kind: "no-signature",
      object: sigUrl,
      message: `${sigUrl}: no signature beside the manifest: nothing proves the platform wrote it`,
    });
  else if (!signatureHolds(manifestBytes, signature, key))
    findings.push({
      kind: "bad-signature",
      object: manifestUrl,
      message: `${manifestUrl}: the signature does not verify with the public key (fingerprint ${keyFingerprint(key)}): the manifest or its signature was changed after signing, or another key signed it`,
    });
  const parsed = parseManifest(manifestBytes, manifestUrl);
  if (!parsed.manifest)
    return result([...findings, { kind: "bad-manifest", object: manifestUrl, message: parsed.error ?? "" }]);
  const m = parsed.manifest;
  if (m.bucket !== bucket || m.prefix !== prefix)
    findings.push({
      kind: "wrong-place",
      object: manifestUrl,
      expected: url(bucket, prefix),
      found: url(m.bucket, m.prefix),
      message: `${manifestUrl}: the manifest is for ${url(m.bucket, m.prefix)}, not ${url(bucket, prefix)}: it was copied from another batch`,
    });
  const present = await listed(s3, bucket, prefix);
  findings.push(...(await fileFindings(s3, bucket, m.files, present)));
  const listedKeys = new Set(m.files.map((f) => f.key));
  for (const [k, size] of present)
    if (!listedKeys.has(k) && !isBatchFile(k))
      findings.push({
        kind: "extra",
        object: url(bucket, k),
        found: size,
        message: `${url(bucket, k)}: extra: under the batch's prefix (${size} bytes) but not in the manifest`,
      });
  return result(findings, m.files.length);
}
