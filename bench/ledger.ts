// The delivery ledger's cost to the mover on the local engine (issue 26): small objects moved with
// the ledger off (no digest, no append) and on (each object's SHA-256, one append per batch), in
// turns; and a 1 GiB object uploaded in parts: its copy alone, its digest read alone, and the
// move with digests on (the read runs beside the copy). The records go to the S3 ledger on a
// bucket with Object Lock, as on the local platform.
// Run: npm run bench -- ledger (BENCH_ENGINE_PORTS=45480,45300,45789 to choose the engine's ports;
// BENCH_LEDGER_LARGE=off for the small objects alone; BENCH_LEDGER_PATHS=on adds what one small
// object's copy costs the engine by each engine path, bench/enginePaths.ts).
import { randomBytes } from "node:crypto";
import { loadavg } from "node:os";
import {
  CompleteMultipartUploadCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  HeadObjectCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  UploadPartCommand,
  type S3Client,
} from "@aws-sdk/client-s3";
import { s3Ledger } from "../src/custody/s3Ledger";
import { afterMove } from "../src/delivery/afterMove";
import { localS3Client } from "../src/local/localS3Client";
import { createLedgerBucket } from "../src/local/provision";
import { moveObject, moveObjects, type DatasetRoute, type MoverOptions } from "../src/mover/moveObject";
import { MIB } from "../src/mover/parts";
import { MAX_TRIES } from "../src/mover/retries";
import { sourceSha256 } from "../src/mover/sourceChecksum";
import { engineCpuSeconds, pool, startBenchEngine } from "./engine";
import { median } from "./median";
import { benchEnginePaths } from "./enginePaths";
import { countRequests, perObject } from "./requests";

const ADMIN = { accessKeyId: "AKBENCHLEDGER", secretAccessKey: "bench-ledger-secret" };
const SMALL = 600;
const BATCH = 10;
const AT_ONCE = 5;
const ROUNDS = 3;

async function uploadSmall(s3: S3Client, prefix: string) {
  const keys = Array.from({ length: SMALL }, (_, i) => `${prefix}/object ${String(i).padStart(4, "0")}.csv`);
  const events: { bucket: string; key: string; versionId?: string }[] = [];
  await pool(keys, 32, async (key) => {
    const out = await s3.send(new PutObjectCommand({ Bucket: "exports", Key: key, Body: randomBytes(1024) }));
    events.push({ bucket: "exports", key, ...(out.VersionId ? { versionId: out.VersionId } : {}) });
  });
  return events;
}

async function uploadLarge(s3: S3Client, key: string, size: number) {
  const part = randomBytes(64 * MIB);
  const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: "exports", Key: key }));
  const parts: { ETag: string | undefined; PartNumber: number }[] = [];
  for (let n = 1; n <= size / part.length; n++) {
    const { ETag } = await s3.send(
      new UploadPartCommand({ Bucket: "exports", Key: key, UploadId, PartNumber: n, Body: part }),
    );
    parts.push({ ETag, PartNumber: n });
  }
  const out = await s3.send(
    new CompleteMultipartUploadCommand({ Bucket: "exports", Key: key, UploadId, MultipartUpload: { Parts: parts } }),
  );
  return { bucket: "exports", key, ...(out.VersionId ? { versionId: out.VersionId } : {}), size };
}

const seconds = async (work: () => Promise<unknown>) => {
  const start = performance.now();
  await work();
  return (performance.now() - start) / 1000;
};

/** Prints the small-object rates with the ledger off and on, and the 1 GiB figures (docs/benchmarks.md). */
export async function benchLedger(): Promise<void> {
  const engine = await startBenchEngine("bench-ledger", ["45480", "45300", "45789"], 8 * 1024 * MIB, ADMIN);
  try {
    const s3 = localS3Client(engine.endpoint, ADMIN);
    const moverS3 = localS3Client(engine.endpoint, ADMIN);
    const counter = countRequests(moverS3);
    for (const b of ["exports", "target"]) await s3.send(new CreateBucketCommand({ Bucket: b }));
    await s3.send(
      new PutBucketVersioningCommand({ Bucket: "exports", VersioningConfiguration: { Status: "Enabled" } }),
    );
    const routes = new Map<string, DatasetRoute>([
      ["ds", { name: "ds", targetBucket: "target", keepFiles: false, roleArn: "local" }],
    ]);
    const options: MoverOptions = {
      exportBucket: "exports",
      multipartThreshold: 128 * MIB,
      partSize: 128 * MIB,
      concurrency: 16,
      verification: "engine-etag",
    };
    // The S3 ledger on a bucket locked as the core stack's is (decision 0017), one year here.
    await createLedgerBucket(s3, { name: "ledger", retentionYears: 1 });
    const ledger = s3Ledger(moverS3, "ledger");
    const quiet = { info: () => undefined, error: () => undefined };
    // A batch as the Lambda handles it: moved, then the post-move loop; with the ledger on, its
    // records appended there in one write, as the Lambda's afterMove appends them.
    const moveAll = (events: { bucket: string; key: string }[], on: boolean) =>
      pool(
        Array.from({ length: Math.ceil(events.length / BATCH) }, (_, i) => events.slice(i * BATCH, i * BATCH + BATCH)),
        AT_ONCE,
        async (batch) => {
          const results = await moveObjects(batch, routes, () => moverS3, { ...options, digests: on });
          await afterMove(
            batch.map((event) => ({ event, attempt: 1 })),
            results,
            {
              routes,
              maxAttempts: MAX_TRIES,
              log: quiet,
              metrics: { addMetric: () => undefined },
              ...(on ? { ledger } : {}),
            },
          );
        },
      );
    await moveAll(await uploadSmall(s3, "ds/warm-up"), true);
    await moveAll(await uploadSmall(s3, "ds/warm-up-2"), false);
    const rates: Record<"off" | "on", number[]> = { off: [], on: [] };
    const requests: Record<string, ReturnType<typeof perObject>> = {};
    // CPU milliseconds per object, of the engine's daemons and of this process (the mover).
    const cpu: Record<"off" | "on", { engine: number[]; bench: number[] }> = {
      off: { engine: [], bench: [] },
      on: { engine: [], bench: [] },
    };
    const load = [loadavg()[0]];
    for (let round = 0; round < ROUNDS; round++)
      for (const mode of round % 2 === 0 ? (["off", "on"] as const) : (["on", "off"] as const)) {
        const events = await uploadSmall(s3, `ds/${mode}-${round}`);
        counter.reset();
        const engineCpu = engineCpuSeconds(engine.env.CEPH_DIR);
        const benchCpu = process.cpuUsage();
        const s = await seconds(() => moveAll(events, mode === "on"));
        const used = process.cpuUsage(benchCpu);
        cpu[mode].engine.push(((engineCpuSeconds(engine.env.CEPH_DIR) - engineCpu) * 1000) / SMALL);
        cpu[mode].bench.push((used.user + used.system) / 1000 / SMALL);
        rates[mode].push(SMALL / s);
        requests[mode] = perObject(counter.counts, SMALL);
      }
    load.push(loadavg()[0]);
    console.log(
      "small objects/s, off:",
      rates.off.map((r) => r.toFixed(0)).join(", "),
      "median",
      median(rates.off).toFixed(0),
    );
    console.log(
      "small objects/s, on: ",
      rates.on.map((r) => r.toFixed(0)).join(", "),
      "median",
      median(rates.on).toFixed(0),
    );
    console.log("on ÷ off (medians):", (median(rates.on) / median(rates.off)).toFixed(2));
    // Each round runs both modes back to back, so its own ratio is less moved by the machine's
    // load drifting between rounds than the ratio of the medians.
    const paired = rates.on.map((on, i) => on / (rates.off[i] ?? on));
    console.log(
      "on ÷ off, round by round:",
      paired.map((r) => r.toFixed(2)).join(", "),
      "median",
      median(paired).toFixed(2),
    );
    for (const mode of ["off", "on"] as const)
      console.log(
        `CPU ms per object, ${mode}: engine ${median(cpu[mode].engine).toFixed(2)}, mover ${median(cpu[mode].bench).toFixed(2)}`,
      );
    for (const [mode, { byKind, total }] of Object.entries(requests))
      console.log(
        `requests per object, ${mode}: ${total.toFixed(2)} (${Object.entries(byKind)
          .map(([kind, n]) => `${kind} ${n.toFixed(2)}`)
          .join(", ")})`,
      );
    console.log("load average at start and end:", load.map((l) => (l ?? 0).toFixed(1)).join(" → "));
    if (process.env.BENCH_LEDGER_PATHS === "on") await benchEnginePaths(s3, engine.env.CEPH_DIR);

    const large: Record<string, number[]> = { copy: [], digest: [], moveWithDigest: [] };
    // BENCH_LEDGER_LARGE=off: the small objects alone.
    const trials = process.env.BENCH_LEDGER_LARGE === "off" ? 0 : 2;
    for (let trial = 0; trial < trials; trial++) {
      const a = await uploadLarge(s3, `ds/large-a-${trial}`, 1024 * MIB);
      large.copy?.push(await seconds(() => moveObject(a, routes, () => moverS3, { ...options, digests: false })));
      const b = await uploadLarge(s3, `ds/large-b-${trial}`, 1024 * MIB);
      large.digest?.push(
        await seconds(async () => {
          const h = await moverS3.send(new HeadObjectCommand({ Bucket: "exports", Key: b.key }));
          await sourceSha256(moverS3, {
            bucket: "exports",
            key: b.key,
            size: b.size,
            eTag: h.ETag ?? "",
            ...(b.versionId ? { versionId: b.versionId } : {}),
          });
        }),
      );
      large.moveWithDigest?.push(await seconds(() => moveObject(b, routes, () => moverS3, options)));
    }
    for (const [what, times] of Object.entries(large).filter(([, times]) => times.length > 0))
      console.log(
        `1 GiB ${what}: ${times.map((t) => t.toFixed(2)).join(", ")} s; median ${(1024 / median(times)).toFixed(0)} MiB/s`,
      );
  } finally {
    await engine.stop();
  }
}
