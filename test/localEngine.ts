import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { localS3Client } from "../src/local/localS3Client";
import { TEST_PORTS, slotPort } from "./ports";
import { testSlot } from "./support";

const SCRIPTS = join(import.meta.dirname, "../scripts/local-s3");
const run = promisify(execFile);

const ADMIN = { accessKeyId: "AKTESTADMIN", secretAccessKey: "test-admin-secret" };

/**
 * A private local S3 engine for one test file: its own ports and folder (by Vitest worker), so
 * files run in parallel; started by the project's own script, stopped (and purged) after.
 */
export async function startLocalEngine() {
  const ports = TEST_PORTS["test/localEngine.ts"];
  const env = {
    ...process.env,
    CEPH_DIR: `/tmp/data-exports-test-ceph-${testSlot()}`,
    RGW_PORT: String(slotPort(ports.rgw)),
    MON_PORT_V2: String(slotPort(ports.monitorV2)),
    MON_PORT_V1: String(slotPort(ports.monitorV1)),
    RGW_USERS: `admin:${ADMIN.accessKeyId}:${ADMIN.secretAccessKey}`,
  };
  await run(join(SCRIPTS, "start.sh"), { env });
  const endpoint = `http://127.0.0.1:${env.RGW_PORT}`;
  return {
    endpoint,
    admin: localS3Client(endpoint, ADMIN),
    /** Another client as the admin, for a test that adds middleware of its own. */
    newClient: () => localS3Client(endpoint, ADMIN),
    stop: () => run(join(SCRIPTS, "stop.sh"), ["--purge"], { env }).then(() => undefined),
  };
}
