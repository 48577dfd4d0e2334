// Data contracts (decision 0016) on the local engine: the mover's small-object rate with a
// contract against without, in one run, and the bytes the check reads per object, small and large.
import { randomBytes } from "node:crypto";
import { loadavg } from "node:os";
import { CreateBucketCommand, PutBucketVersioningCommand, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { stringify } from "csv-stringify/sync";
import { parquetWriteBuffer } from "hyparquet-writer";
import { inspectObject, type DataContract } from "../src/contracts";
import { localS3Client } from "../src/local/localS3Client";
import { moveObjects, type DatasetRoute } from "../src/mover/moveObject";
import { s3ObjectSource } from "../src/mover/objectSource";
import { MIB } from "../src/mover/parts";
import { engineCpuSeconds, pool, startBenchEngine } from "./engine";
import { median } from "./median";
import { countRequests, perObject } from "./requests";

const ADMIN = { accessKeyId: "AKBENCH", secretAccessKey: "bench-secret" };
const SMALL = 1000;
const BATCH = 10;
/** Lambda starts an SQS queue's processing with five batches at once. */
const AT_ONCE = 5;
const TRIALS = 3;
const COLUMNS = ["id", "full_name", "dob", "postcode"];
const CONTRACT: DataContract = [{ prefix: "", formats: ["csv", "parquet"], columns: COLUMNS }];

/** A CSV of about `bytes`: the contract's header, then rows. */
function csvOf(bytes: number): Buffer {
  const row = stringify([["1", "Ana Silva", "2001-01-01", "SW1A 1AA"]]);
  const rows = Math.max(1, Math.ceil(bytes / row.length));
  return Buffer.concat([Buffer.from(stringify([COLUMNS])), Buffer.from(row.repeat(rows))]);
}

/** A Parquet file of about `bytes` as hyparquet-writer writes it, in row groups of 1,000 rows. */
function parquetOf(bytes: number): Buffer {
  const width = 1024;
  const rows = Math.max(1, Math.ceil(bytes / width));
  const text = randomBytes(width * 2).toString("base64");
  const data = (n: number) => Array.from({ length: rows }, (_, i) => text.slice(i % width, (i % width) + n));
  return Buffer.from(
    parquetWriteBuffer({
      columnData: [
        { name: "id", data: Array.from({ length: rows }, (_, i) => i), type: "INT32" },
        { name: "full_name", data: data(width - 40), type: "STRING" },
        { name: "dob", data: data(10), type: "STRING" },
        { name: "postcode", data: data(8), type: "STRING" },
      ],
      rowGroupSize: 1000,
      codec: "UNCOMPRESSED",
    }),
  );
}

export interface ContractsBench {
  smallObjects: number;
  trials: number;
  withoutPerSecond: number[];
  withPerSecond: number[];
  ratio: number;
  /** The mover's requests per object in the last run of each, by kind. */
  requests: Record<string, { byKind: Record<string, number>; total: number }>;
  /**
   * CPU milliseconds per moved object, each run: the engine's daemons and this process (the mover,
   * with the SDK), which share the machine's cores. Where both are busy, the rate follows their sum.
   */
  cpuMs: Record<"without" | "with", { engine: number[]; mover: number[] }>;
  reads: { file: string; size: number; bytesRead: number; reads: number; footer?: number }[];
  load: { start: number[]; end: number[] };
}

export async function benchContracts(): Promise<ContractsBench> {
  const engine = await startBenchEngine("bench-contracts", ["27580", "23400", "26889"], 6 * 1024 * MIB, ADMIN);
  const s3: S3Client = localS3Client(engine.endpoint, ADMIN);
  // The mover gets its own client, so that only its requests are counted.
  const moverS3: S3Client = localS3Client(engine.endpoint, ADMIN);
  const counter = countRequests(moverS3);
  const requests: Record<string, { byKind: Record<string, number>; total: number }> = {};
  const load = { start: loadavg(), end: [] as number[] };
  try {
    for (const b of ["exports", "target"]) await s3.send(new CreateBucketCommand({ Bucket: b }));
    await s3.send(
      new PutBucketVersioningCommand({ Bucket: "exports", VersioningConfiguration: { Status: "Enabled" } }),
    );
    const route = (name: string, contract?: DataContract): [string, DatasetRoute] => [
      name,
      { name, targetBucket: "target", keepFiles: false, roleArn: "local", ...(contract ? { contract } : {}) },
    ];
    const routes = new Map([route("plain"), route("agreed", CONTRACT)]);
    // The Lambda's settings on an engine without checksums (src/mover/lambda/handler.ts, docs/local-platform.md).
    const options = {
      exportBucket: "exports",
      multipartThreshold: 128 * MIB,
      partSize: 128 * MIB,
      concurrency: 16,
      verification: "engine-etag" as const,
      // BENCH_DIGESTS=off: the mover without the ledger's SHA-256 (decision 0019), so that the
      // contract's check is the only read; the default is the mover as deployed.
      digests: process.env.BENCH_DIGESTS !== "off",
    };
    const body = csvOf(1024);
    const upload = async (dataset: string, trial: number) => {
      const events: { bucket: string; key: string; versionId?: string; eTag?: string; size?: number }[] = [];
      const keys = Array.from(
        { length: SMALL },
        (_, i) => `${dataset}/t${trial}/object ${String(i).padStart(4, "0")}.csv`,
      );
      await pool(keys, 32, async (key) => {
        const out = await s3.send(new PutObjectCommand({ Bucket: "exports", Key: key, Body: body }));
        // As S3's event names it: version, ETag (unquoted) and size.
        events.push({
          bucket: "exports",
          key,
          size: body.length,
          ...(out.ETag ? { eTag: out.ETag.replaceAll('"', "") } : {}),
          ...(out.VersionId ? { versionId: out.VersionId } : {}),
        });
      });
      return events;
    };
    const cpuMs: ContractsBench["cpuMs"] = { without: { engine: [], mover: [] }, with: { engine: [], mover: [] } };
    const rate = async (dataset: string, trial: number) => {
      const events = await upload(dataset, trial);
      const batches = Array.from({ length: SMALL / BATCH }, (_, i) => events.slice(i * BATCH, (i + 1) * BATCH));
      const engineCpu = engineCpuSeconds(engine.env.CEPH_DIR);
      const moverCpu = process.cpuUsage();
      const start = performance.now();
      await pool(batches, AT_ONCE, async (batch) => {
        const results = await moveObjects(batch, routes, () => moverS3, options);
        for (const r of results)
          if (!("outcome" in r) || r.outcome !== "moved") throw new Error(`not moved: ${JSON.stringify(r)}`);
      });
      const perSecond = SMALL / ((performance.now() - start) / 1000);
      const used = process.cpuUsage(moverCpu);
      const cpu = cpuMs[dataset === "plain" ? "without" : "with"];
      cpu.engine.push(((engineCpuSeconds(engine.env.CEPH_DIR) - engineCpu) * 1000) / SMALL);
      cpu.mover.push((used.user + used.system) / 1000 / SMALL);
      return perSecond;
    };
    await rate("plain", 0); // warm-up, untimed: compiled code, open connections
    await rate("agreed", 0);
    for (const cpu of Object.values(cpuMs)) for (const list of Object.values(cpu)) list.length = 0;
    const withoutPerSecond: number[] = [];
    const withPerSecond: number[] = [];
    // In turn, so that the engine's drift (its garbage collection, the machine's load) falls on both.
    for (let t = 1; t <= TRIALS; t++) {
      counter.reset();
      withoutPerSecond.push(await rate("plain", t));
      requests.without = perObject(counter.counts, SMALL);
      counter.reset();
      withPerSecond.push(await rate("agreed", t));
      requests.with = perObject(counter.counts, SMALL);
    }
    const reads: ContractsBench["reads"] = [];
    for (const [file, bytes] of [
      ["CSV, 1 KiB", csvOf(1024)],
      ["CSV, 200 MiB", csvOf(200 * MIB)],
      ["Parquet, 20 rows", parquetOf(20 * 1024)],
      ["Parquet, 200 MiB", parquetOf(200 * MIB)],
    ] as const) {
      const key = `agreed/reads/${file}`;
      const out = await s3.send(new PutObjectCommand({ Bucket: "exports", Key: key, Body: bytes }));
      const source = {
        bucket: "exports",
        key,
        size: bytes.length,
        eTag: out.ETag ?? "",
        ...(out.VersionId ? { versionId: out.VersionId } : {}),
      };
      const found = await inspectObject(s3ObjectSource(s3, source));
      if (!found.ok) throw new Error(`${file}: ${found.problem}`);
      const footer = file.startsWith("Parquet") ? bytes.readUInt32LE(bytes.length - 8) : undefined;
      reads.push({
        file,
        size: bytes.length,
        bytesRead: found.bytesRead,
        reads: found.reads,
        ...(footer ? { footer } : {}),
      });
    }
    load.end = loadavg();
    return {
      smallObjects: SMALL,
      trials: TRIALS,
      withoutPerSecond,
      withPerSecond,
      ratio: median(withPerSecond) / median(withoutPerSecond),
      requests,
      cpuMs,
      reads,
      load,
    };
  } finally {
    await engine.stop();
  }
}
