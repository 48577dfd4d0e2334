import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { localS3Client } from "../src/local/localS3Client";
import { testSlot } from "./support";

const SCRIPTS = join(import.meta.dirname, "../scripts/local-s3");
const run = promisify(execFile);

const ADMIN = { accessKeyId: "AKTESTADMIN", secretAccessKey: "test-admin-secret" };

/**
 * A private local S3 engine for one test file: its own ports and folder (by Vitest worker), so
 * files run in parallel; started by the project's own script, stopped (and purged) after.
 */
export async function startLocalEngine() {
  const worker = testSlot();
  const env = {
    ...process.env,
    CEPH_DIR: `/tmp/data-exports-test-ceph-${worker}`,
    RGW_PORT: String(17480 + worker),
    MON_PORT_V2: String(13300 + worker),
    MON_PORT_V1: String(16789 + worker),
    RGW_USERS: `admin:${ADMIN.accessKeyId}:${ADMIN.secretAccessKey}`,
  };
  await run(join(SCRIPTS, "start.sh"), { env });
  const endpoint = `http://127.0.0.1:${env.RGW_PORT}`;
  return {
    endpoint,
    admin: localS3Client(endpoint, ADMIN),
    stop: () => run(join(SCRIPTS, "stop.sh"), ["--purge"], { env }).then(() => undefined),
  };
}
