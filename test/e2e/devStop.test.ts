import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  BIN,
  cleanUp,
  devDir,
  devPort,
  exitWithin,
  fixtureRepo,
  nothingLeft,
  processesOf,
  startDev,
  until,
  type Dev,
} from "./devProcess";

/** The stop must be complete, engine daemons included, within this of the request. */
const STOP_MS = 10_000;

let root: string;
beforeAll(async () => {
  root = await fixtureRepo();
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Whether scripts/local-s3/stop.sh runs for the instance kept in `dir`. */
const stopScriptRunning = (dir: string) =>
  processesOf(dir).some((pid) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("stop.sh");
    } catch {
      return false;
    }
  });

/** Asserts a clean stop: exit code 0, "Stopped.", no stack trace, and nothing of the instance left. */
async function expectCleanStop(dev: Dev, port: number, requested: number) {
  expect(await exitWithin(dev, STOP_MS)).toBe(0);
  await until(
    "every process of the instance to be gone",
    () => nothingLeft(devDir(port)),
    requested + STOP_MS - Date.now(),
  );
  expect(dev.stderr()).not.toMatch(/\n\s+at |Error:/);
}

describe("exports dev stops everything it started, whatever asks it to", () => {
  it.each([
    ["SIGINT (Ctrl-C)", ["SIGINT"]],
    ["SIGINT twice (Ctrl-C, Ctrl-C)", ["SIGINT", "SIGINT"]],
    ["SIGTERM", ["SIGTERM"]],
    ["SIGHUP (the terminal closed)", ["SIGHUP"]],
  ] as const)("on %s once it runs", { timeout: 240_000 }, async (_, signals) => {
    const port = devPort();
    const dev = startDev(root, port);
    try {
      await dev.ready();
      expect(processesOf(devDir(port)).length, "the engine runs").toBeGreaterThan(0);
      const requested = Date.now();
      for (const signal of signals) {
        dev.child.kill(signal);
        await new Promise((r) => setTimeout(r, 200));
      }
      await expectCleanStop(dev, port, requested);
      expect(dev.output()).toContain("Stopped.");
      if (signals.length > 1) expect(dev.stderr()).toContain("Still stopping");
    } finally {
      await cleanUp(dev, port);
    }
  });

  it(
    "on Ctrl-C pressed twice at a terminal: the second reaches the whole process group, the stop script too",
    { timeout: 240_000 },
    async () => {
      const port = devPort();
      const dev = startDev(root, port, true);
      const group = -(dev.child.pid ?? 0);
      try {
        await dev.ready();
        const requested = Date.now();
        process.kill(group, "SIGINT");
        // The second press while the engine's stop script runs, which the first one started.
        await until("the stop script to run", () => (stopScriptRunning(devDir(port)) ? true : undefined), STOP_MS);
        process.kill(group, "SIGINT");
        await expectCleanStop(dev, port, requested);
        expect(dev.stderr()).toContain("Still stopping");
        expect(dev.stderr()).not.toContain("unexpected error");
        expect(dev.output()).toContain("Stopped.");
      } finally {
        await cleanUp(dev, port);
      }
    },
  );

  it("on SIGINT during start-up, without a stack trace", { timeout: 240_000 }, async () => {
    const port = devPort();
    const dev = startDev(root, port);
    try {
      // Once the engine's first daemon runs, start-up is under way.
      await until(
        "the engine to be starting",
        () => (processesOf(devDir(port)).length > 0 ? true : undefined),
        120_000,
      );
      expect(dev.output()).not.toContain("Press Ctrl-C to stop");
      const requested = Date.now();
      dev.child.kill("SIGINT");
      await expectCleanStop(dev, port, requested);
      expect(dev.output()).toContain("Stopped.");
    } finally {
      await cleanUp(dev, port);
    }
  });

  it("when its output is closed and then Ctrl-C makes it write (EPIPE)", { timeout: 240_000 }, async () => {
    const port = devPort();
    const dev = startDev(root, port);
    try {
      await dev.ready();
      dev.child.stdout?.destroy();
      dev.child.stderr?.destroy();
      const requested = Date.now();
      dev.child.kill("SIGINT");
      expect(await exitWithin(dev, STOP_MS)).toBe(0);
      await until(
        "every process of the instance to be gone",
        () => nothingLeft(devDir(port)),
        requested + STOP_MS - Date.now(),
      );
    } finally {
      await cleanUp(dev, port);
    }
  });

  it.each([
    ["stdout", "2>/dev/null |"],
    ["stderr", "2>&1 >/dev/null |"],
  ])("when the tee reading its %s dies", { timeout: 240_000 }, async (stream, redirect) => {
    const port = devPort();
    const dir = await mkdtemp(join(tmpdir(), "exports-tee-"));
    const log = join(dir, "log");
    // As a person runs it: npx exports dev | tee log. Then tee is killed, and nothing else happens:
    // the platform must notice by itself that nobody reads its output.
    const shell = spawn(
      "bash",
      ["-c", `node ${BIN} dev --root ${root} --port ${port} ${redirect} tee ${log} >/dev/null & echo $!; wait`],
      { stdio: ["ignore", "pipe", "ignore"] },
    );
    let teePid = "";
    shell.stdout.on("data", (chunk: Buffer) => (teePid += chunk.toString()));
    const exited = new Promise((resolve) => shell.on("exit", resolve));
    try {
      const answers = () =>
        fetch(`http://127.0.0.1:${port}/`).then(
          () => true,
          () => undefined,
        );
      await until("the S3 engine to answer", answers, 120_000);
      if (stream === "stdout")
        await until(
          "the instructions",
          async () => ((await readFile(log, "utf8")).includes("Ctrl-C") ? true : undefined),
          120_000,
        );
      const requested = Date.now();
      process.kill(Number(teePid.trim()), "SIGKILL");
      await Promise.race([exited, until("the platform to exit", () => undefined, STOP_MS)]);
      await until(
        "every process of the instance to be gone",
        () => nothingLeft(devDir(port)),
        requested + STOP_MS - Date.now(),
      );
    } finally {
      shell.kill("SIGKILL");
      await cleanUp(undefined, port);
      await rm(dir, { recursive: true, force: true });
    }
  });
});
