import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readdirSync, statSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  ListObjectVersionsCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  UploadPartCommand,
  UploadPartCopyCommand,
  type S3Client,
} from "@aws-sdk/client-s3";
import { DEFAULT_SETTINGS } from "../src/config/settings";
import { validateConfig } from "../src/config/validateConfig";
import { buildApp } from "../src/infra/app";
import { localS3Client } from "../src/local/localS3Client";
import { moveObject, moveObjects, type DatasetRoute } from "../src/mover/moveObject";
import { MIB, partsFor } from "../src/mover/parts";
import { buildPlan } from "../src/plan/plan";
import { countObjects, engineCpuSeconds, pool, rcloneEnv, startBenchEngine } from "./engine";
import { median } from "./median";
import { generateTexts } from "./generate";
import { countRequests, perObject, rcloneRequests } from "./requests";

const run = promisify(execFile);
const ADMIN = { accessKeyId: "AKBENCH", secretAccessKey: "bench-secret" };
const CONCURRENCY = 16;
const SMALL = 1000;
/** Objects of the runs that count requests (rclone logs every request then, which slows it). */
const COUNTED = 200;
/** Messages per SQS batch: the queue's default batch size for Lambda. */
const BATCH = 10;
/**
 * Batches at once: Lambda starts an SQS queue's processing with five concurrent batches, and
 * adds more while messages wait (https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-scaling.html).
 */
const LAMBDA_START = 5;
/** The batches at once of the runs before issue #18's second round, kept for comparison. */
const EARLIER_AT_ONCE = 2;
/** Runs of each large-object setting: one copy of 1 GiB varies by half from run to run on this engine. */
const TRIALS = 3;

const seconds = async (work: () => Promise<unknown>) => {
  const start = performance.now();
  await work();
  return (performance.now() - start) / 1000;
};

async function uploadSmall(s3: S3Client, bucket: string, prefix: string, count = SMALL) {
  const keys = Array.from({ length: count }, (_, i) => `${prefix}/batch/object ${String(i).padStart(4, "0")}.csv`);
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

/** `rclone move`, with the CPU time rclone itself used (bash's `times`), and its log when asked. */
async function rcloneMove(endpoint: string, from: string, to: string, dump = false) {
  const args = [
    "move",
    `local:${from}`,
    `local:${to}`,
    "--transfers",
    String(CONCURRENCY),
    "--checkers",
    String(CONCURRENCY),
    "--s3-no-check-bucket",
    ...(dump ? ["--dump", "headers", "-vv"] : ["-q"]),
  ];
  const out = await run("bash", ["-c", 'rclone "$@" 2>&1; times', "rclone", ...args], {
    env: rcloneEnv(endpoint, ADMIN),
    maxBuffer: 1 << 28,
  });
  const [user = 0, system = 0] = [...(out.stdout.trim().split("\n").at(-1) ?? "").matchAll(/(\d+)m([\d.]+)s/g)]
    .slice(0, 2)
    .map((m) => Number(m[1]) * 60 + Number(m[2]));
  return { log: out.stdout, cpuS: user + system };
}

/** Wall time, this process's CPU time and the engine's over one piece of work. */
async function profiled(cephDir: string, work: () => Promise<unknown>) {
  const engine = engineCpuSeconds(cephDir);
  const cpu = process.cpuUsage();
  const wallS = await seconds(work);
  const used = process.cpuUsage(cpu);
  return {
    wallS,
    clientCpuS: (used.user + used.system) / 1e6,
    engineCpuS: engineCpuSeconds(cephDir) - engine,
  };
}

export interface Profile {
  wallS: number;
  clientCpuS: number;
  engineCpuS: number;
}

export interface RequestsPerObject {
  byKind: Record<string, number>;
  total: number;
}

export interface MoverBench {
  smallObjects: number;
  batchSize: number;
  concurrency: number;
  load: { start: number[]; end: number[] };
  moverPerSecond: number;
  barePerSecond: number;
  /** The bare loop on a versioned bucket: what versioning itself costs this engine. */
  bareVersionedPerSecond: number;
  rclonePerSecond: number;
  /** Batches at once of the main mover run (Lambda's start). */
  atOnce: number;
  /** The mover at the two batches at once of earlier runs. */
  moverEarlierPerSecond: number;
  earlierAtOnce: number;
  /** rclone move from a versioned bucket, as the mover's export bucket is. */
  rcloneVersionedPerSecond: number;
  profiles: { mover: Profile; moverEarlier: Profile; bare: Profile; rclone: Profile; rcloneVersioned: Profile };
  /** The engine's CPU milliseconds per request, by kind and bucket, each kind timed on its own. */
  engineMsPerRequest: { kind: string; versioned: number; unversioned: number }[];
  requests: {
    moverCommon: RequestsPerObject;
    moverOverwrite: RequestsPerObject;
    moverRoleSession: RequestsPerObject;
    bare: RequestsPerObject;
    rcloneCommon: RequestsPerObject;
    rcloneOverwrite: RequestsPerObject;
  };
  largeMiB: number;
  /** Direct parallel UploadPartCopy of the same object, per part size (MiB) and concurrency. */
  partCopyGrid: { partMiB: number; concurrency: number; MiBps: number; min: number; max: number }[];
  tuned: { partMiB: number; concurrency: number };
  /** Medians of TRIALS runs, the three settings in turn. */
  moverLargeMiBps: number;
  partCopyLargeMiBps: number;
  /** The Lambda's setting before these measurements: 64 MiB parts, 16 at once. */
  moverLargeEarlierMiBps: number;
  bareLargeMiBps: number;
  rcloneLargeMiBps: number;
}

/**
 * The engine's CPU per request, by kind, on a versioned and an unversioned bucket: each kind
 * alone, COSTED requests 16 at once, its engine CPU divided by its requests. What makes a move
 * cost the engine what it does.
 */
async function engineCosts(s3: S3Client, cephDir: string): Promise<MoverBench["engineMsPerRequest"]> {
  const COSTED = 500;
  const costs = new Map<string, { versioned: number; unversioned: number }>();
  for (const versioned of [true, false]) {
    const bucket = versioned ? "cost-versioned" : "cost-plain";
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    if (versioned)
      await s3.send(new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: "Enabled" } }));
    const measure = async (kind: string, requests: number, work: () => Promise<unknown>) => {
      const { engineCpuS } = await profiled(cephDir, work);
      const row = costs.get(kind) ?? { versioned: 0, unversioned: 0 };
      row[versioned ? "versioned" : "unversioned"] = (1000 * engineCpuS) / requests;
      costs.set(kind, row);
    };
    let objects: Awaited<ReturnType<typeof uploadSmall>> = [];
    await measure("PutObject", COSTED, async () => void (objects = await uploadSmall(s3, bucket, "c", COSTED)));
    const path = (e: (typeof objects)[number]) =>
      `${bucket}/${e.key.split("/").map(encodeURIComponent).join("/")}${e.versionId ? `?versionId=${e.versionId}` : ""}`;
    await measure("CopyObject", COSTED, () =>
      pool(objects, CONCURRENCY, (e) =>
        s3.send(new CopyObjectCommand({ Bucket: "bare-dst", Key: `cost/${e.key}`, CopySource: path(e) })),
      ),
    );
    const pages = Array.from({ length: COSTED / BATCH }, (_, i) => objects[i * BATCH] as (typeof objects)[number]);
    await measure("ListObjectVersions, a page of 40 entries from a marker", pages.length, () =>
      pool(pages, CONCURRENCY, (e) =>
        s3.send(new ListObjectVersionsCommand({ Bucket: bucket, Prefix: "c/", KeyMarker: e.key, MaxKeys: 40 })),
      ),
    );
    await measure("ListObjectVersions, a page of 100 entries", pages.length, () =>
      pool(pages, CONCURRENCY, () =>
        s3.send(new ListObjectVersionsCommand({ Bucket: bucket, Prefix: "c/", MaxKeys: 100 })),
      ),
    );
    const entry = (e: (typeof objects)[number]) => ({ Key: e.key, ...(e.versionId ? { VersionId: e.versionId } : {}) });
    await measure("DeleteObject (of a version, where versioned)", COSTED / 2, () =>
      pool(objects.slice(0, COSTED / 2), CONCURRENCY, (e) =>
        s3.send(new DeleteObjectCommand({ Bucket: bucket, ...entry(e) })),
      ),
    );
    const rest = objects.slice(COSTED / 2);
    const chunks = Array.from({ length: rest.length / BATCH }, (_, i) => rest.slice(i * BATCH, i * BATCH + BATCH));
    await measure("DeleteObjects of 10, per object", rest.length, () =>
      pool(chunks, LAMBDA_START, (chunk) =>
        s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Quiet: true, Objects: chunk.map(entry) } })),
      ),
    );
  }
  return [...costs].map(([kind, c]) => ({ kind, ...c }));
}

/** A parallel UploadPartCopy of `source` into `bucket/key`, as the mover's own copy does it but with nothing else. */
async function partCopy(
  s3: S3Client,
  source: string,
  size: number,
  to: { bucket: string; key: string },
  part: number,
  limit: number,
) {
  const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: to.bucket, Key: to.key }));
  const parts = partsFor(size, part);
  const done: { ETag: string | undefined; PartNumber: number }[] = [];
  await pool(parts, limit, async (p) => {
    const out = await s3.send(
      new UploadPartCopyCommand({
        Bucket: to.bucket,
        Key: to.key,
        UploadId,
        PartNumber: p.number,
        CopySource: source,
        CopySourceRange: `bytes=${p.start}-${p.end}`,
      }),
    );
    done.push({ ETag: out.CopyPartResult?.ETag, PartNumber: p.number });
  });
  done.sort((a, b) => a.PartNumber - b.PartNumber);
  await s3.send(
    new CompleteMultipartUploadCommand({ Bucket: to.bucket, Key: to.key, UploadId, MultipartUpload: { Parts: done } }),
  );
}

/** The mover against `rclone move` and a bare CopyObject+DeleteObject loop on the same local engine. */
export async function benchMover(): Promise<MoverBench> {
  const engine = await startBenchEngine("bench-ceph", ["27480", "23300", "26789"], 14 * 1024 * MIB, ADMIN);
  const { env, endpoint } = engine;
  const s3 = localS3Client(endpoint, ADMIN);
  // The mover gets its own client, so that only its requests are counted.
  const moverS3 = localS3Client(endpoint, ADMIN);
  const counter = countRequests(moverS3);
  const load = { start: loadavg(), end: [] as number[] };
  try {
    for (const b of ["exports", "target", "bare-src", "bare-dst", "rclone-src", "rclone-dst", "rclone-versioned"])
      await s3.send(new CreateBucketCommand({ Bucket: b }));
    for (const b of ["exports", "rclone-versioned"])
      await s3.send(new PutBucketVersioningCommand({ Bucket: b, VersioningConfiguration: { Status: "Enabled" } }));
    const routes = new Map<string, DatasetRoute>([
      ["ds", { name: "ds", targetBucket: "target", keepFiles: false, roleArn: "local" }],
    ]);
    // The engine has no checksums: copies are verified by ETags there (docs/local-platform.md).
    const options = {
      exportBucket: "exports",
      // The Lambda's settings (src/mover/lambda/handler.ts).
      multipartThreshold: 128 * MIB,
      partSize: 128 * MIB,
      concurrency: 16,
      verification: "engine-etag" as const,
    };
    type Event = { bucket: string; key: string; versionId?: string };
    // As Lambda runs it: SQS batches of 10, five batches at once.
    const moveInBatches = (
      events: Event[],
      opts: typeof options & { batchDeletes?: boolean } = options,
      atOnce = LAMBDA_START,
      routing = routes,
    ) =>
      pool(
        Array.from({ length: Math.ceil(events.length / BATCH) }, (_, i) => events.slice(i * BATCH, i * BATCH + BATCH)),
        atOnce,
        (batch) => moveObjects(batch, routing, () => moverS3, opts),
      );

    // Warm-up, untimed: a Lambda instance moves batch after batch, so its code is compiled and
    // its connections open; rclone is compiled ahead of time. The first 1,000 objects through a
    // cold Node process cost it about half again as much CPU per object as the next 1,000.
    await moveInBatches(await uploadSmall(s3, "exports", "ds/warm-up", 2 * COUNTED));

    // The common path: one version per object.
    const moverEvents = await uploadSmall(s3, "exports", "ds");
    counter.reset();
    const moverProfile = await profiled(env.CEPH_DIR, () => moveInBatches(moverEvents));
    const moverCommon = perObject(counter.counts, SMALL);
    if ((await countObjects(s3, "target", "ds/batch/")) !== SMALL)
      throw new Error("the mover did not move every object");
    // The setting of earlier runs: two batches at once.
    const earlierEvents = await uploadSmall(s3, "exports", "two");
    const moverEarlierProfile = await profiled(env.CEPH_DIR, () =>
      moveInBatches(
        earlierEvents,
        options,
        EARLIER_AT_ONCE,
        new Map([["two", { ...(routes.get("ds") as DatasetRoute), name: "two" }]]),
      ),
    );

    const bareEvents = await uploadSmall(s3, "bare-src", "ds");
    const bareProfile = await profiled(env.CEPH_DIR, () =>
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
    let rcloneCpuS = 0;
    const rcloneProfile = await profiled(env.CEPH_DIR, async () => {
      rcloneCpuS = (await rcloneMove(endpoint, "rclone-src/ds", "rclone-dst/ds")).cpuS;
    });
    if ((await countObjects(s3, "rclone-dst", "ds/")) !== SMALL) throw new Error("rclone did not move every object");
    // The same from a versioned bucket, as the export bucket is. rclone knows nothing of versions:
    // it leaves each object's data behind as an older version, under a delete marker.
    await uploadSmall(s3, "rclone-versioned", "ds");
    let rcloneVersionedCpuS = 0;
    const rcloneVersionedProfile = await profiled(env.CEPH_DIR, async () => {
      rcloneVersionedCpuS = (await rcloneMove(endpoint, "rclone-versioned/ds", "rclone-dst/versioned")).cpuS;
    });
    if ((await countObjects(s3, "rclone-dst", "versioned/")) !== SMALL)
      throw new Error("rclone did not move every object");

    const engineMsPerRequest = await engineCosts(s3, env.CEPH_DIR);

    // Requests, counted apart from the timed runs: rclone's log of every request slows it.
    await uploadSmall(s3, "rclone-src", "count", COUNTED);
    const rcloneCommon = perObject(
      rcloneRequests((await rcloneMove(endpoint, "rclone-src/count", "rclone-dst/count", true)).log),
      COUNTED,
    );
    // The overwrite path: every object written twice, the event for the newer version.
    await uploadSmall(s3, "exports", "ds/overwrite", COUNTED);
    const overwritten = await uploadSmall(s3, "exports", "ds/overwrite", COUNTED);
    counter.reset();
    await moveInBatches(overwritten);
    const moverOverwrite = perObject(counter.counts, COUNTED);
    await uploadSmall(s3, "rclone-versioned", "count", COUNTED);
    await uploadSmall(s3, "rclone-versioned", "count", COUNTED);
    const rcloneOverwrite = perObject(
      rcloneRequests((await rcloneMove(endpoint, "rclone-versioned/count", "rclone-dst/overwrite", true)).log),
      COUNTED,
    );
    // As the local platform runs it, for a role session that the engine refuses DeleteObjects.
    const single = await uploadSmall(s3, "exports", "ds/single", COUNTED);
    counter.reset();
    await moveInBatches(single, { ...options, batchDeletes: false });
    const moverRoleSession = perObject(counter.counts, COUNTED);

    // One large object: the mover against the same engine's own parallel UploadPartCopy, tuned.
    const large = 1024 * MIB;
    const mib = large / MIB;
    await uploadLarge(s3, "bare-src", "large-source.bin", large);
    // Each setting three times, the settings in turn, so that a slow spell of the engine does not
    // fall on one setting alone; medians, with the range.
    const cells = [32, 64, 128].flatMap((partMiB) => [4, 16].map((concurrency) => ({ partMiB, concurrency })));
    const trials = new Map(cells.map((c) => [c, [] as number[]]));
    /** MiB/s of one direct parallel UploadPartCopy of the source, its copy removed once timed. */
    const directCopy = async (cell: { partMiB: number; concurrency: number }) => {
      const to = { bucket: "bare-dst", key: "direct.bin" };
      const s = await seconds(() =>
        partCopy(s3, "bare-src/large-source.bin", large, to, cell.partMiB * MIB, cell.concurrency),
      );
      await s3.send(new DeleteObjectCommand({ Bucket: to.bucket, Key: to.key }));
      return mib / s;
    };
    for (let trial = 0; trial < TRIALS; trial++)
      for (const cell of cells) trials.get(cell)?.push(await directCopy(cell));
    const partCopyGrid: MoverBench["partCopyGrid"] = cells.map((cell) => {
      const rates = trials.get(cell) ?? [];
      return { ...cell, MiBps: median(rates), min: Math.min(...rates), max: Math.max(...rates) };
    });
    const best = partCopyGrid.reduce((a, b) => (b.MiBps > a.MiBps ? b : a));
    const tuned = { partMiB: best.partMiB, concurrency: best.concurrency };
    const moveLarge = async (key: string, opts: typeof options) => {
      const event = await uploadLarge(s3, "exports", key, large);
      const s = await seconds(() => moveObject(event, routes, () => moverS3, opts));
      // The engine keeps its data in memory: each copy is removed once timed.
      await s3.send(new DeleteObjectCommand({ Bucket: "target", Key: key }));
      return mib / s;
    };
    const moverTuned: number[] = [];
    const direct: number[] = [];
    const moverEarlier: number[] = [];
    for (let trial = 0; trial < TRIALS; trial++) {
      moverTuned.push(
        await moveLarge(`ds/large-tuned-${trial}.bin`, {
          ...options,
          partSize: tuned.partMiB * MIB,
          concurrency: tuned.concurrency,
        }),
      );
      direct.push(await directCopy(tuned));
      moverEarlier.push(
        await moveLarge(`ds/large-earlier-${trial}.bin`, {
          ...options,
          multipartThreshold: 64 * MIB,
          partSize: 64 * MIB,
        }),
      );
    }
    const moverLargeMiBps = median(moverTuned);
    const partCopyLargeMiBps = median(direct);
    const moverLargeEarlierMiBps = median(moverEarlier);
    const bareLargeS = await seconds(async () => {
      await s3.send(
        new CopyObjectCommand({ Bucket: "bare-dst", Key: "large.bin", CopySource: "bare-src/large-source.bin" }),
      );
      await s3.send(new DeleteObjectCommand({ Bucket: "bare-src", Key: "large-source.bin" }));
    });
    await uploadLarge(s3, "rclone-src", "large/large.bin", large);
    const rcloneLargeS = await seconds(() => rcloneMove(endpoint, "rclone-src/large", "rclone-dst/large"));
    load.end = loadavg();

    return {
      smallObjects: SMALL,
      batchSize: BATCH,
      concurrency: CONCURRENCY,
      load,
      moverPerSecond: SMALL / moverProfile.wallS,
      barePerSecond: SMALL / bareProfile.wallS,
      bareVersionedPerSecond: SMALL / bareVersionedS,
      rclonePerSecond: SMALL / rcloneProfile.wallS,
      atOnce: LAMBDA_START,
      moverEarlierPerSecond: SMALL / moverEarlierProfile.wallS,
      earlierAtOnce: EARLIER_AT_ONCE,
      rcloneVersionedPerSecond: SMALL / rcloneVersionedProfile.wallS,
      profiles: {
        mover: moverProfile,
        moverEarlier: moverEarlierProfile,
        bare: bareProfile,
        // rclone's own CPU, not this process's.
        rclone: { ...rcloneProfile, clientCpuS: rcloneCpuS },
        rcloneVersioned: { ...rcloneVersionedProfile, clientCpuS: rcloneVersionedCpuS },
      },
      engineMsPerRequest,
      requests: {
        moverCommon,
        moverOverwrite,
        moverRoleSession,
        bare: { byKind: { CopyObject: 1, DeleteObject: 1 }, total: 2 },
        rcloneCommon,
        rcloneOverwrite,
      },
      largeMiB: mib,
      partCopyGrid,
      tuned,
      moverLargeMiBps,
      partCopyLargeMiBps,
      moverLargeEarlierMiBps,
      bareLargeMiBps: mib / bareLargeS,
      rcloneLargeMiBps: mib / rcloneLargeS,
    };
  } finally {
    await engine.stop();
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
              env: { ...process.env, EXPORT_BUCKET: "x", QUEUE_URL: "x", AWS_REGION: "eu-west-1" },
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
