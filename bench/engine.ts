import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
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
