// What one small object's copy costs the engine and this process, by the requests the mover's
// engine paths make, alone (no listing, no deletes, no ledger): a CopyObject (digests off), a
// GetObject beside a CopyObject (the digest's read beside the copy, before issue 26), and a
// GetObject then a PutObject of its bytes (engineCopy now). Part of `npm run bench -- ledger`
// with BENCH_LEDGER_PATHS=on (docs/benchmarks.md, The delivery ledger).
import { createHash, randomBytes } from "node:crypto";
import {
  CopyObjectCommand,
  CreateBucketCommand,
  GetObjectCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  type S3Client,
} from "@aws-sdk/client-s3";
import { DELIVERED_CONTENT_TYPE, targetWriteHeaders } from "../src/mover/copy";
import { engineCpuSeconds, pool } from "./engine";
import { median } from "./median";

const OBJECTS = 300;
const ROUNDS = 8;
const AT_ONCE = 10;

interface Uploaded {
  key: string;
  versionId: string;
  eTag: string;
}

/** Prints, per path, the median engine and mover CPU milliseconds per object over ROUNDS rounds in turns. */
export async function benchEnginePaths(s3: S3Client, cephDir: string): Promise<void> {
  for (const b of ["paths-exports", "paths-target"]) await s3.send(new CreateBucketCommand({ Bucket: b }));
  await s3.send(
    new PutBucketVersioningCommand({ Bucket: "paths-exports", VersioningConfiguration: { Status: "Enabled" } }),
  );
  const sources: Uploaded[] = [];
  await pool(
    Array.from({ length: OBJECTS }, (_, i) => `ds/object ${i}.csv`),
    16,
    async (key) => {
      const out = await s3.send(new PutObjectCommand({ Bucket: "paths-exports", Key: key, Body: randomBytes(1024) }));
      sources.push({ key, versionId: out.VersionId ?? "", eTag: out.ETag ?? "" });
    },
  );
  // What the mover sends with every write to a target (src/mover/copy.ts).
  const target = {
    Bucket: "paths-target",
    ContentType: DELIVERED_CONTENT_TYPE,
    ...targetWriteHeaders({ bucket: "paths-target" }),
  };
  const read = async (o: Uploaded) => {
    const out = await s3.send(
      new GetObjectCommand({ Bucket: "paths-exports", Key: o.key, VersionId: o.versionId, IfMatch: o.eTag }),
    );
    return Buffer.from((await out.Body?.transformToByteArray()) ?? []);
  };
  const copy = (o: Uploaded) =>
    s3.send(
      new CopyObjectCommand({
        ...target,
        Key: o.key,
        CopySource: `paths-exports/${encodeURIComponent(o.key)}?versionId=${o.versionId}`,
        CopySourceIfMatch: o.eTag,
        MetadataDirective: "REPLACE",
        TaggingDirective: "REPLACE",
      }),
    );
  const paths: Record<string, (o: Uploaded) => Promise<unknown>> = {
    "CopyObject alone (digests off)": copy,
    "GetObject beside CopyObject": (o) => Promise.all([read(o), copy(o)]),
    "GetObject, then PutObject of its bytes": async (o) => {
      const bytes = await read(o);
      const md5 = createHash("md5").update(bytes).digest("base64");
      return s3.send(new PutObjectCommand({ ...target, Key: o.key, Body: bytes, ContentMD5: md5 }));
    },
  };
  const cpu = new Map(Object.keys(paths).map((p) => [p, { engine: [] as number[], mover: [] as number[] }]));
  for (let round = 0; round < ROUNDS; round++)
    for (const [name, path] of round % 2 === 0 ? Object.entries(paths) : Object.entries(paths).reverse()) {
      const engine = engineCpuSeconds(cephDir);
      const own = process.cpuUsage();
      await pool(sources, AT_ONCE, path);
      const used = process.cpuUsage(own);
      cpu.get(name)?.engine.push(((engineCpuSeconds(cephDir) - engine) * 1000) / OBJECTS);
      cpu.get(name)?.mover.push((used.user + used.system) / 1000 / OBJECTS);
    }
  for (const [name, { engine, mover }] of cpu)
    console.log(
      `CPU ms per 1 KiB object, ${name}: engine ${median(engine).toFixed(2)}, mover ${median(mover).toFixed(2)}`,
    );
}
