import { execFile, spawn } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { promisify } from "node:util";
import { CreateBucketCommand, paginateListObjectsV2, type S3Client } from "@aws-sdk/client-s3";
import { loadConfig } from "../src/config/loadConfig";
import { localS3Client } from "../src/local/localS3Client";
import { LOCAL_ADMIN, startLocalPlatform } from "../src/local/platform";
import { buildPlan } from "../src/plan/plan";
import { countObjects, engineCpuSeconds, rcloneEnv } from "./engine";

const run = promisify(execFile);
const OBJECTS = 1000;

export interface E2eBench {
  objects: number;
  /** Objects per second from the first byte uploaded to the last object in its target. */
  endToEndPerSecond: number;
  /** Objects per second of the same upload (the mover running meanwhile). */
  uploadPerSecond: number;
  /** Objects per second of the same files uploaded to a bucket with no mover behind it. */
  uploadAlonePerSecond: number;
  /** From the end of each object's upload (the CLI's "upload:" line) to its copy in the target. */
  latencyMs: { p50: number; p95: number; max: number };
  /** The last arrival after the end of the upload. */
  tailMs: number;
  rcloneMovePerSecond: number;
  /**
   * CPU milliseconds per object, where each went: the engine's daemons, this Node process (the
   * local platform: its receiver and the mover) and the AWS CLI. The machine's cores bound the
   * rate at cores × 1,000 ÷ their sum.
   */
  cpuMsPerObject: { uploadAlone: CpuSplit; flow: CpuSplit };
  cores: number;
}

export interface CpuSplit {
  engine: number;
  platform: number;
  cli: number;
}

const perObject = (cpu: CpuSplit): CpuSplit => ({
  engine: (1000 * cpu.engine) / OBJECTS,
  platform: (1000 * cpu.platform) / OBJECTS,
  cli: (1000 * cpu.cli) / OBJECTS,
});

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;

/** When each object under `prefix` was written, by the engine's clock (milliseconds). */
async function writtenAt(s3: S3Client, bucket: string, prefix: string): Promise<Map<string, number>> {
  const times = new Map<string, number>();
  for await (const page of paginateListObjectsV2({ client: s3 }, { Bucket: bucket, Prefix: prefix }))
    for (const o of page.Contents ?? []) times.set(o.Key ?? "", o.LastModified?.getTime() ?? 0);
  return times;
}

/**
 * `aws s3 cp --recursive` at the CLI's default concurrency (10 requests), with the time each
 * object's upload ended: when the CLI printed its "upload:" line.
 */
function uploadWithCli(env: NodeJS.ProcessEnv, args: string[]): Promise<{ ended: Map<string, number>; cpuS: number }> {
  const ended = new Map<string, number>();
  // bash's `times` prints, last, the CPU time its children (the CLI) used.
  const child = spawn("bash", ["-c", '/usr/bin/aws "$@" || exit; times', "aws", ...args, "--no-progress"], {
    env,
    stdio: ["ignore", "pipe", "inherit"],
  });
  let cpuS = 0;
  createInterface({ input: child.stdout }).on("line", (line) => {
    const url = / to s3:\/\/[^/]+\/(.+)$/.exec(line)?.[1];
    if (url) ended.set(url, Date.now());
    const times = [...line.matchAll(/^(\d+)m([\d.]+)s (\d+)m([\d.]+)s$/g)][0];
    if (times) cpuS = Number(times[1]) * 60 + Number(times[2]) + Number(times[3]) * 60 + Number(times[4]);
  });
  return new Promise((resolve, reject) =>
    child.on("close", (code) => (code === 0 ? resolve({ ended, cpuS }) : reject(new Error(`aws exited with ${code}`)))),
  );
}

/** Engine and this process's CPU seconds over `work`, which reports the CLI's. */
async function cpuOf(dir: string, work: () => Promise<number>): Promise<CpuSplit> {
  const engine = engineCpuSeconds(dir);
  const own = process.cpuUsage();
  const cli = await work();
  const used = process.cpuUsage(own);
  return { engine: engineCpuSeconds(dir) - engine, platform: (used.user + used.system) / 1e6, cli };
}

/**
 * The whole flow on the local platform, as a person sees it from outside: a platform user
 * uploads 1,000 small files with the AWS CLI, and each is timed from the end of its upload to its
 * arrival in the target bucket. Beside it, in the same run: the same upload to a bucket with no
 * mover behind it, and `rclone move` of the same objects on the same engine.
 */
export async function benchEndToEnd(port = 38480): Promise<E2eBench> {
  const plan = buildPlan((await loadConfig(join(import.meta.dirname, "../test/fixtures/repos/local"))).value).value;
  const dir = `/tmp/data-exports-bench-e2e-${port}`;
  const platform = await startLocalPlatform(plan, {
    dir,
    rgwPort: port,
    monPorts: [port + 2, port + 3],
    receiverPort: port + 1,
    issuerPort: port + 4,
    sweepEveryMs: 10_000,
    log: () => undefined,
  });
  const files = await mkdtemp(join(tmpdir(), "exports-bench-e2e-"));
  try {
    const admin = localS3Client(platform.endpoint, LOCAL_ADMIN);
    const ana = platform.spec.users.find((u) => u.uid === "alpha_user_ana");
    if (!ana) throw new Error("the fixture has no alpha_user_ana");
    await mkdir(join(files, "batch"));
    for (let i = 0; i < OBJECTS; i++)
      await writeFile(join(files, "batch", `object-${i}.csv`), `row ${i}\n`.repeat(100));
    const envOf = (who: { accessKeyId: string; secretAccessKey: string }) => ({
      PATH: "/usr/bin:/bin",
      HOME: files,
      AWS_ACCESS_KEY_ID: who.accessKeyId,
      AWS_SECRET_ACCESS_KEY: who.secretAccessKey,
      AWS_DEFAULT_REGION: "us-east-1",
    });
    const cp = (to: string) => [
      "s3",
      "cp",
      "--recursive",
      join(files, "batch"),
      to,
      "--endpoint-url",
      platform.endpoint,
    ];

    for (const bucket of ["rclone-src", "rclone-dst"]) await admin.send(new CreateBucketCommand({ Bucket: bucket }));
    const aloneStart = performance.now();
    const aloneCpu = await cpuOf(
      dir,
      async () => (await uploadWithCli(envOf(LOCAL_ADMIN), cp("s3://rclone-src/batch/"))).cpuS,
    );
    const aloneSeconds = (performance.now() - aloneStart) / 1000;

    const start = Date.now();
    let ended = new Map<string, number>();
    let uploaded = 0;
    const flowCpu = await cpuOf(dir, async () => {
      const upload = await uploadWithCli(envOf(ana), cp("s3://mojap-hub-exports/team_a/batch/"));
      ended = upload.ended;
      uploaded = Date.now();
      while ((await countObjects(admin, "team-a-landing", "team_a/batch/")) < OBJECTS)
        await new Promise((r) => setTimeout(r, 50));
      return upload.cpuS;
    });
    const arrived = await writtenAt(admin, "team-a-landing", "team_a/batch/");
    const latencies = [...arrived.entries()]
      .map(([key, at]) => Math.max(0, at - (ended.get(key) ?? at)))
      .sort((a, b) => a - b);
    const lastArrival = Math.max(...arrived.values());

    const env = rcloneEnv(platform.endpoint, LOCAL_ADMIN);
    const rcloneStart = performance.now();
    await run(
      "rclone",
      ["move", "local:rclone-src/batch", "local:rclone-dst/batch", "--transfers", "16", "--checkers", "16"].concat([
        "--s3-no-check-bucket",
        "-q",
      ]),
      { env },
    );
    const rcloneSeconds = (performance.now() - rcloneStart) / 1000;
    if ((await countObjects(admin, "rclone-dst", "batch/")) !== OBJECTS)
      throw new Error("rclone did not move every object");

    return {
      objects: OBJECTS,
      endToEndPerSecond: OBJECTS / ((lastArrival - start) / 1000),
      uploadPerSecond: OBJECTS / ((uploaded - start) / 1000),
      uploadAlonePerSecond: OBJECTS / aloneSeconds,
      latencyMs: { p50: percentile(latencies, 0.5), p95: percentile(latencies, 0.95), max: latencies.at(-1) ?? 0 },
      tailMs: Math.max(0, lastArrival - uploaded),
      rcloneMovePerSecond: OBJECTS / rcloneSeconds,
      cpuMsPerObject: { uploadAlone: perObject(aloneCpu), flow: perObject(flowCpu) },
      cores: cpus().length,
    };
  } finally {
    await platform.stop();
    await rm(files, { recursive: true, force: true });
  }
}
