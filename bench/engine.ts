import { execFile } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { paginateListObjectsV2, type S3Client } from "@aws-sdk/client-s3";

/** How many objects are under `prefix`, however many pages that takes. */
export async function countObjects(s3: S3Client, bucket: string, prefix: string): Promise<number> {
  let n = 0;
  for await (const page of paginateListObjectsV2({ client: s3 }, { Bucket: bucket, Prefix: prefix }))
    n += page.KeyCount ?? 0;
  return n;
}

/** rclone's remote `local:` for the local engine, from the environment alone (no config file). */
export function rcloneEnv(endpoint: string, keys: { accessKeyId: string; secretAccessKey: string }): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    RCLONE_CONFIG_LOCAL_TYPE: "s3",
    RCLONE_CONFIG_LOCAL_PROVIDER: "Ceph",
    RCLONE_CONFIG_LOCAL_ENV_AUTH: "false",
    RCLONE_CONFIG_LOCAL_ENDPOINT: endpoint,
    RCLONE_CONFIG_LOCAL_ACCESS_KEY_ID: keys.accessKeyId,
    RCLONE_CONFIG_LOCAL_SECRET_ACCESS_KEY: keys.secretAccessKey,
    RCLONE_CONFIG_LOCAL_REGION: "us-east-1",
  };
  delete env.AWS_CA_BUNDLE;
  return env;
}

/** CPU seconds the engine's daemons (monitor, OSD, radosgw) have used, from their pid files. */
export function engineCpuSeconds(cephDir: string): number {
  const ticks = readdirSync(join(cephDir, "run"))
    .filter((f) => f.endsWith(".pid"))
    .map((f) => readFileSync(join(cephDir, "run", f), "utf8").trim())
    .map((pid) => readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [])
    .reduce((sum, fields) => sum + Number(fields[11] ?? 0) + Number(fields[12] ?? 0), 0);
  return ticks / 100;
}

const run = promisify(execFile);
const SCRIPTS = join(import.meta.dirname, "../scripts/local-s3");

/**
 * Starts a private engine for one benchmark, by the project's own script, on its default ports
 * ("s3,monitor v2,monitor v1") unless BENCH_ENGINE_PORTS moves it, so two benchmarks can share a
 * machine. Deleted objects give their memory back at once, not after the default two hours.
 */
export async function startBenchEngine(
  name: string,
  ports: [rgw: string, monV2: string, monV1: string],
  osdBytes: number,
  admin: { accessKeyId: string; secretAccessKey: string },
) {
  const [rgw = ports[0], monV2 = ports[1], monV1 = ports[2]] = (process.env.BENCH_ENGINE_PORTS ?? "")
    .split(",")
    .filter(Boolean);
  const env = {
    ...process.env,
    CEPH_DIR: `/tmp/data-exports-${name}-${rgw}`,
    RGW_PORT: rgw,
    MON_PORT_V2: monV2,
    MON_PORT_V1: monV1,
    OSD_BYTES: String(osdBytes),
    RGW_USERS: `admin:${admin.accessKeyId}:${admin.secretAccessKey}`,
    RGW_EXTRA_CONF: "rgw gc obj min wait = 0\nrgw gc processor period = 5",
  };
  await run(join(SCRIPTS, "start.sh"), { env });
  return {
    env,
    endpoint: `http://127.0.0.1:${rgw}`,
    stop: () => run(join(SCRIPTS, "stop.sh"), ["--purge"], { env }).then(() => undefined),
  };
}

/** Runs `work` over `items`, `limit` at a time. */
export async function pool<T>(items: readonly T[], limit: number, work: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) await work(items[next++] as T);
    }),
  );
}
