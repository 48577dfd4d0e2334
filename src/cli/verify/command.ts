import { readFile } from "node:fs/promises";
import { GetObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { PUBLIC_KEY_NAME } from "../../mover/batchNames";
import { keyFingerprint, readPublicKey } from "../../custody/signer";
import { verifyBatch, type Verification } from "../../custody/verifyBatch";
import { inertJson, visible } from "../../report/escape";
import type { Output } from "../output";
import { s3Failure } from "../s3Failure";

export interface VerifyOptions {
  publicKey?: string;
  format: "text" | "json";
  endpointUrl?: string;
}

/** The bucket and prefix of `s3://bucket/prefix/`, or what is wrong with the argument. */
export function batchAddress(arg: string): { bucket: string; prefix: string } | { error: string } {
  const m = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])\/(.+\/)$/.exec(arg);
  if (!m)
    return {
      error: `the batch must be its folder's address, s3://<bucket>/<dataset>/<batch>/ (ending in /); found ${JSON.stringify(visible(arg))}, e.g. s3://receiving-bucket/my_dataset/2026-12-07/`,
    };
  return { bucket: m[1] ?? "", prefix: m[2] ?? "" };
}

/** The client a receiving team verifies with: its own credentials; path-style for an endpoint of its own. */
const clientFor = (endpointUrl?: string) =>
  new S3Client(endpointUrl ? { endpoint: endpointUrl, forcePathStyle: true, region: "us-east-1" } : {});

function text(v: Verification, keySource: string): string {
  const head = [
    `Manifest:   ${v.manifest}`,
    `Public key: ${keySource} (SHA-256 fingerprint ${v.publicKeyFingerprint})`,
  ];
  if (v.verified) return `${[...head, `Verified: the signature holds and all ${v.files} files match.`].join("\n")}\n`;
  return `${[...head, `NOT VERIFIED: ${v.findings.length} finding(s):`, ...v.findings.map((f) => `  ${visible(f.message)}`)].join("\n")}\n`;
}

/** `exports verify`: 0 verified, 1 not verified (each finding printed), 2 could not check (usage, key, S3 refused). */
export async function verifyCommand(batch: string, options: VerifyOptions, out: Output): Promise<number> {
  const address = batchAddress(batch);
  if ("error" in address) {
    out.stderr(`exports verify: ${address.error}\n`);
    return 2;
  }
  const s3 = clientFor(options.endpointUrl);
  try {
    let pem: string;
    let keySource: string;
    if (options.publicKey) {
      pem = await readFile(options.publicKey, "utf8").catch(() => "");
      keySource = options.publicKey;
      if (!pem) {
        out.stderr(
          `exports verify: ${options.publicKey}: cannot read the public key file; fetch it from docs/receiving-teams.md\n`,
        );
        return 2;
      }
    } else {
      const keyAt = `${address.prefix}${PUBLIC_KEY_NAME}`;
      keySource = `s3://${address.bucket}/${keyAt}`;
      // The key is written before the manifest (decision 0018): none there, no complete batch there.
      const got = await s3
        .send(new GetObjectCommand({ Bucket: address.bucket, Key: keyAt }))
        .catch((error: unknown) => {
          if (error instanceof Error && error.name === "NoSuchKey") return undefined;
          throw error;
        });
      if (!got) {
        out.stderr(
          `exports verify: ${visible(keySource)} is not there, so neither is a complete batch: it is not complete yet, or was never sealed (exports status <dataset> on the sending side says which). Not verified.\n`,
        );
        return 1;
      }
      pem = (await got.Body?.transformToString("utf8")) ?? "";
    }
    const key = readPublicKey(pem, keySource);
    if (!key.key) {
      out.stderr(`exports verify: ${key.error ?? ""}\n`);
      return 2;
    }
    if (!options.publicKey)
      out.stderr(
        `exports verify: the public key came from the batch's own bucket (fingerprint ${keyFingerprint(key.key)}); compare it with the fingerprint in docs/receiving-teams.md, or pass --public-key.\n`,
      );
    const v = await verifyBatch(s3, address.bucket, address.prefix, key.key);
    out.stdout(options.format === "json" ? `${inertJson(v)}\n` : text(v, keySource));
    return v.verified ? 0 : 1;
  } catch (error) {
    const place = { bucket: address.bucket, ...(options.endpointUrl ? { endpoint: options.endpointUrl } : {}) };
    const advice = "Check that your credentials may list and read the bucket (s3:ListBucket, s3:GetObject).";
    out.stderr(`exports verify: could not read ${visible(batch)}: ${s3Failure(error, place, advice)}\n`);
    return 2;
  }
}
