import { execFile, spawn, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { DEV_PORTS, slotPort } from "../ports";
import { FIXTURES } from "../support";

export const BIN = join(import.meta.dirname, "../../bin/exports.cjs");

/** Five ports for one instance of `exports dev` (it uses n to n+4): `which` picks one of two per test file. */
export const devPort = (which: 0 | 1 = 0) => slotPort(DEV_PORTS.base, DEV_PORTS.perSlot) + which * 5;

/** Where `exports dev --port n` keeps its engine, as the command chooses it. */
export const devDir = (port: number) => join(process.env.TMPDIR ?? "/tmp", `data-exports-dev-${port}`);

/** A copy of the local fixture repository, so a test may edit its dataset files. */
export async function fixtureRepo(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), "exports-dev-"));
  await cp(join(FIXTURES, "repos/local"), root, { recursive: true });
  return root;
}

/** Polls `check` every 100 ms until it returns something other than undefined, or fails after `ms`. */
export async function until<T>(what: string, check: () => T | undefined | Promise<T | undefined>, ms: number) {
  const end = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Processes started for the instance kept in `dir`: the engine's daemons and scripts carry its
 * folder in their environment. Read from /proc, so a process that outlived its parent is found.
 */
export function processesOf(dir: string): number[] {
  return readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .filter((pid) => {
      try {
        const env = readFileSync(`/proc/${pid}/environ`, "utf8").split("\0");
        return env.includes(`CEPH_DIR=${dir}`) || env.includes(`CEPH_CONF=${dir}/ceph.conf`);
      } catch {
        return false;
      }
    })
    .map(Number);
}

/** True once nothing of the instance in `dir` is left: no process, no folder, no lock file. */
export const nothingLeft = (dir: string) =>
  processesOf(dir).length === 0 && !existsSync(dir) && !existsSync(`${dir}.lock`) ? true : undefined;

export interface Dev {
  child: ChildProcess;
  output: () => string;
  stderr: () => string;
  exit: Promise<number | null>;
  /** Resolves once the instructions are printed (start-up done). */
  ready: () => Promise<void>;
}

/**
 * Runs `exports dev` as a person would, directly (`npx exports dev`), its output piped to the test.
 * With `ownGroup`, in a process group of its own, as a shell runs a foreground command: a signal
 * sent to the group (`process.kill(-pid)`) reaches everything in it, as Ctrl-C at a terminal does.
 */
export function startDev(root: string, port: number, ownGroup = false): Dev {
  const child = spawn("node", [BIN, "dev", "--root", root, "--port", String(port)], {
    stdio: ["ignore", "pipe", "pipe"],
    detached: ownGroup,
  });
  let out = "";
  let err = "";
  child.stdout?.on("data", (chunk: Buffer) => (out += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (err += chunk.toString()));
  child.stdout?.on("error", () => undefined);
  child.stderr?.on("error", () => undefined);
  const exit = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return {
    child,
    output: () => out,
    stderr: () => err,
    exit,
    ready: () =>
      until(
        "the platform to print its instructions",
        () => (out.includes("Press Ctrl-C to stop") ? true : undefined),
        120_000,
      ).then(() => undefined),
  };
}

/** Waits up to `ms` for the process to exit, and returns its exit code. */
export function exitWithin(dev: Dev, ms: number): Promise<number | null> {
  return Promise.race([
    dev.exit,
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`exports dev still running ${ms} ms after the stop request`)), ms),
    ),
  ]);
}

/** After a test, pass or fail: stops the instance if it still runs, and clears whatever it left. */
export async function cleanUp(dev: Dev | undefined, port: number): Promise<void> {
  if (dev && dev.child.exitCode === null && dev.child.signalCode === null) {
    dev.child.kill("SIGINT");
    await exitWithin(dev, 30_000).catch(() => dev.child.kill("SIGKILL"));
  }
  // An `exports dev` this test started through a shell, should it have outlived the test.
  for (const pid of readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
    const cmdline = (() => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
      } catch {
        return [];
      }
    })();
    if (cmdline.includes(BIN) && cmdline.join(" ").includes(`--port ${port}`)) process.kill(Number(pid), "SIGKILL");
  }
  const env = { ...process.env, CEPH_DIR: devDir(port) };
  await promisify(execFile)(join(import.meta.dirname, "../../scripts/local-s3/stop.sh"), ["--purge"], { env });
  await rm(`${devDir(port)}.lock`, { force: true });
}
