import { spawn } from "node:child_process";
import { join } from "node:path";
import { StartAbortedError } from "./startErrors";

const SCRIPTS = join(import.meta.dirname, "../../scripts/local-s3");

/**
 * Runs scripts/local-s3/start.sh in a process group of its own, so a Ctrl-C at the terminal
 * reaches the platform alone, which then stops the engine in the order it needs (radosgw, then
 * the OSD, then the monitor). When `signal` aborts, the script's whole group is stopped and the
 * engine's state cleared before StartAbortedError is thrown. Resolves with the engine's CEPH_CONF.
 */
export function startEngine(env: NodeJS.ProcessEnv, signal?: AbortSignal): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(join(SCRIPTS, "start.sh"), [], { env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const abort = () => {
      if (child.pid) process.kill(-child.pid, "SIGTERM");
    };
    signal?.addEventListener("abort", abort, { once: true });
    child.on("error", reject);
    child.on("close", (code) => {
      signal?.removeEventListener("abort", abort);
      if (signal?.aborted) {
        void stopEngine(env).then(() => reject(new StartAbortedError("stopped while the S3 engine was starting")));
        return;
      }
      if (code !== 0) {
        const why = stderr.trim().split("\n").pop() ?? `exit code ${code}`;
        void stopEngine(env, false).then(() =>
          reject(new Error(`the S3 engine did not start (${why}); its logs are in ${env.CEPH_DIR}/log`)),
        );
        return;
      }
      resolve(/export CEPH_CONF=(\S+)/.exec(stdout)?.[1] ?? join(env.CEPH_DIR ?? "", "ceph.conf"));
    });
  });
}

/**
 * Stops the engine kept in env.CEPH_DIR (only daemons started from that folder); with `purge`,
 * deletes its folder. The script runs in a process group of its own, as start.sh does: a second
 * Ctrl-C at the terminal goes to the terminal's foreground group, and would otherwise kill the
 * script half-way, leaving the monitor and the OSD running. Rejects, with the script's last error
 * line, only if the script itself fails.
 */
export function stopEngine(env: NodeJS.ProcessEnv, purge = true): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(join(SCRIPTS, "stop.sh"), purge ? ["--purge"] : [], {
      env,
      detached: true,
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code, signal) => {
      if (code === 0) return resolve();
      const why = stderr.trim().split("\n").pop() || (signal ? `killed by ${signal}` : `exit code ${code}`);
      reject(new Error(`the S3 engine's stop script failed (${why}); its logs are in ${env.CEPH_DIR}/log`));
    });
  });
}
