import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readdirSync, statSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  UploadPartCommand,
  type S3Client,
} from "@aws-sdk/client-s3";
import { DEFAULT_SETTINGS } from "../src/config/settings";
import { validateConfig } from "../src/config/validateConfig";
import { buildApp } from "../src/infra/app";
import { localS3Client } from "../src/local/localS3Client";
import { moveObject, moveObjects, type DatasetRoute } from "../src/mover/moveObject";
import { MIB } from "../src/mover/parts";
import { buildPlan } from "../src/plan/plan";
import { countObjects, rcloneEnv } from "./engine";
import { generateTexts } from "./generate";

const run = promisify(execFile);
const SCRIPTS = join(import.meta.dirname, "../scripts/local-s3");
const ADMIN = { accessKeyId: "AKBENCH", secretAccessKey: "bench-secret" };
const CONCURRENCY = 16;
const SMALL = 1000;

/** Runs `work` over `items`, `limit` at a time. */
async function pool<T>(items: readonly T[], limit: number, work: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) await work(items[next++] as T);
    }),
  );
}

const seconds = async (work: () => Promise<unknown>) => {
  const start = performance.now();
  await work();
  return (performance.now() - start) / 1000;
};

async function uploadSmall(s3: S3Client, bucket: string, prefix: string) {
  const keys = Array.from({ length: SMALL }, (_, i) => `${prefix}/batch/object ${String(i).padStart(4, "0")}.csv`);
  const events: { bucket: string; key: string; versionId?: string }[] = [];
  await pool(keys, 32, async (key) => {
    const out = await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: randomBytes(1024) }));
    events.push({ bucket, key, ...(out.VersionId ? { versionId: out.VersionId } : {}) });
  });
  return events;
}

async function uploadLarge(s3: S3Client, bucket: string, key: string, size: number) {
  const part = randomBytes(64 * MIB);
  const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key }));
  const numbers = Array.from({ length: Math.ceil(size / part.length) }, (_, i) => i + 1);
  const parts: { ETag: string | undefined; PartNumber: number }[] = [];
  await pool(numbers, 4, async (n) => {
    const { ETag } = await s3.send(
      new UploadPartCommand({ Bucket: bucket, Key: key, UploadId, PartNumber: n, Body: part }),
    );
    parts.push({ ETag, PartNumber: n });
  });
  parts.sort((a, b) => a.PartNumber - b.PartNumber);
  const out = await s3.send(
    new CompleteMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId, MultipartUpload: { Parts: parts } }),
  );
  return { bucket, key, ...(out.VersionId ? { versionId: out.VersionId } : {}) };
}

const rcloneMove = (endpoint: string, from: string, to: string) =>
  run(
    "rclone",
    [
      "move",
      `local:${from}`,
      `local:${to}`,
      "--transfers",
      String(CONCURRENCY),
      "--checkers",
      String(CONCURRENCY),
      "--s3-no-check-bucket",
      "-q",
    ],
    { env: rcloneEnv(endpoint, ADMIN), maxBuffer: 1 << 24 },
  );

export interface MoverBench {
  smallObjects: number;
  concurrency: number;
  moverPerSecond: number;
  barePerSecond: number;
  /** The bare loop on a versioned bucket: what versioning itself costs this engine. */
  bareVersionedPerSecond: number;
  rclonePerSecond: number;
  largeMiB: number;
  moverLargeMiBps: number;
  bareLargeMiBps: number;
  rcloneLargeMiBps: number;
}

/** The mover against `rclone move` and a bare CopyObject+DeleteObject loop on the same local engine. */
export async function benchMover(): Promise<MoverBench> {
  // BENCH_ENGINE_PORTS ("s3,monitor v2,monitor v1") moves the engine, so two benchmarks can share a machine.
  const [rgw = "27480", monV2 = "23300", monV1 = "26789"] = (process.env.BENCH_ENGINE_PORTS ?? "")
    .split(",")
    .filter(Boolean);
  const env = {
    ...process.env,
    CEPH_DIR: `/tmp/data-exports-bench-ceph-${rgw}`,
    RGW_PORT: rgw,
    MON_PORT_V2: monV2,
    MON_PORT_V1: monV1,
    OSD_BYTES: String(14 * 1024 * MIB),
    RGW_USERS: `admin:${ADMIN.accessKeyId}:${ADMIN.secretAccessKey}`,
    // Deleted objects give their memory back at once, not after the default two hours.
    RGW_EXTRA_CONF: "rgw gc obj min wait = 0\nrgw gc processor period = 5",
  };
  await run(join(SCRIPTS, "start.sh"), { env });
  const endpoint = `http://127.0.0.1:${env.RGW_PORT}`;
  const s3 = localS3Client(endpoint, ADMIN);
  try {
    for (const b of ["exports", "target", "bare-src", "bare-dst", "rclone-src", "rclone-dst"])
      await s3.send(new CreateBucketCommand({ Bucket: b }));
    await s3.send(
      new PutBucketVersioningCommand({ Bucket: "exports", VersioningConfiguration: { Status: "Enabled" } }),
    );
    const routes = new Map<string, DatasetRoute>([
      ["ds", { name: "ds", targetBucket: "target", keepFiles: false, roleArn: "local" }],
    ]);
    // The engine has no checksums: copies are verified by ETags there (docs/local-platform.md).
    const options = {
      exportBucket: "exports",
      multipartThreshold: 64 * MIB,
      partSize: 64 * MIB,
      concurrency: 16,
      verification: "engine-etag" as const,
    };
    const move = (e: { bucket: string; key: string; versionId?: string }) => moveObject(e, routes, () => s3, options);

    // As Lambda runs it: batches (of 8), two at once, so 16 objects are in flight like the others.
    const moverEvents = await uploadSmall(s3, "exports", "ds");
    const batches = Array.from({ length: Math.ceil(moverEvents.length / 8) }, (_, i) =>
      moverEvents.slice(i * 8, i * 8 + 8),
    );
    const moverS = await seconds(() =>
      pool(batches, CONCURRENCY / 8, (batch) => moveObjects(batch, routes, () => s3, options)),
    );
    if ((await countObjects(s3, "target", "ds/")) !== SMALL) throw new Error("the mover did not move every object");

    const bareEvents = await uploadSmall(s3, "bare-src", "ds");
    const bareS = await seconds(() =>
      pool(bareEvents, CONCURRENCY, async (e) => {
        await s3.send(
          new CopyObjectCommand({
            Bucket: "bare-dst",
            Key: e.key,
            CopySource: `bare-src/${e.key.split("/").map(encodeURIComponent).join("/")}`,
          }),
        );
        await s3.send(new DeleteObjectCommand({ Bucket: "bare-src", Key: e.key }));
      }),
    );

    // The same bare loop on a versioned bucket, copying and deleting exact versions as the mover does.
    await s3.send(new CreateBucketCommand({ Bucket: "bare-versioned" }));
    await s3.send(
      new PutBucketVersioningCommand({ Bucket: "bare-versioned", VersioningConfiguration: { Status: "Enabled" } }),
    );
    const versionedEvents = await uploadSmall(s3, "bare-versioned", "ds");
    const bareVersionedS = await seconds(() =>
      pool(versionedEvents, CONCURRENCY, async (e) => {
        const source = `bare-versioned/${e.key.split("/").map(encodeURIComponent).join("/")}?versionId=${e.versionId ?? ""}`;
        await s3.send(new CopyObjectCommand({ Bucket: "bare-dst", Key: `v/${e.key}`, CopySource: source }));
        await s3.send(new DeleteObjectCommand({ Bucket: "bare-versioned", Key: e.key, VersionId: e.versionId }));
      }),
    );

    await uploadSmall(s3, "rclone-src", "ds");
    const rcloneS = await seconds(() => rcloneMove(endpoint, "rclone-src/ds", "rclone-dst/ds"));
    if ((await countObjects(s3, "rclone-dst", "ds/")) !== SMALL) throw new Error("rclone did not move every object");

    const large = 1024 * MIB;
    const moverLargeS = await seconds(async () => move(await uploadLarge(s3, "exports", "ds/large.bin", large))).then(
      async () => {
        const event = await uploadLarge(s3, "exports", "ds/large-timed.bin", large);
        return seconds(() => move(event));
      },
    );
    await uploadLarge(s3, "bare-src", "large.bin", large);
    const bareLargeS = await seconds(async () => {
      await s3.send(new CopyObjectCommand({ Bucket: "bare-dst", Key: "large.bin", CopySource: "bare-src/large.bin" }));
      await s3.send(new DeleteObjectCommand({ Bucket: "bare-src", Key: "large.bin" }));
    });
    await uploadLarge(s3, "rclone-src", "large/large.bin", large);
    const rcloneLargeS = await seconds(() => rcloneMove(endpoint, "rclone-src/large", "rclone-dst/large"));

    const mib = large / MIB;
    return {
      smallObjects: SMALL,
      concurrency: CONCURRENCY,
      moverPerSecond: SMALL / moverS,
      barePerSecond: SMALL / bareS,
      bareVersionedPerSecond: SMALL / bareVersionedS,
      rclonePerSecond: SMALL / rcloneS,
      largeMiB: mib,
      moverLargeMiBps: mib / moverLargeS,
      bareLargeMiBps: mib / bareLargeS,
      rcloneLargeMiBps: mib / rcloneLargeS,
    };
  } finally {
    await run(join(SCRIPTS, "stop.sh"), ["--purge"], { env });
  }
}

/** The Lambda bundle's size, and how long a fresh Node process takes to load it, beside bare start-up. */
export async function benchBundle(): Promise<{ bundleKiB: number; coldLoadMs: number; nodeStartMs: number }> {
  const outdir = await mkdtemp(join(tmpdir(), "exports-bench-bundle-"));
  try {
    const config = validateConfig(DEFAULT_SETTINGS, generateTexts(1000, 0, 2000)).value;
    buildApp(buildPlan(config).value, { outdir, bundle: true }).synth();
    const assets = readdirSync(outdir)
      .filter((d) => d.startsWith("asset."))
      .map((d) => join(outdir, d, "index.mjs"));
    const bundle = assets
      .filter((f) => statSync(f, { throwIfNoEntry: false }))
      .sort((a, b) => statSync(b).size - statSync(a).size)[0] as string;
    const timeNode = async (script: string) => {
      const runs = [];
      for (let i = 0; i < 5; i++)
        runs.push(
          await seconds(() =>
            run("node", ["--input-type=module", "-e", script], {
              env: { ...process.env, EXPORT_BUCKET: "x", AWS_REGION: "eu-west-1" },
            }),
          ),
        );
      return (runs.sort((a, b) => a - b)[2] ?? 0) * 1000;
    };
    return {
      bundleKiB: statSync(bundle).size / 1024,
      coldLoadMs: await timeNode(`await import(${JSON.stringify(bundle)});`),
      nodeStartMs: await timeNode(""),
    };
  } finally {
    await rm(outdir, { recursive: true, force: true });
  }
}
