import { createServer, type Server } from "node:net";
import { existsSync } from "node:fs";
import { rm } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  cleanUp,
  devDir,
  devPort,
  exitWithin,
  fixtureRepo,
  nothingLeft,
  processesOf,
  startDev,
  until,
} from "./devProcess";

let root: string;
beforeAll(async () => {
  root = await fixtureRepo();
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const listen = (port: number) =>
  new Promise<Server>((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve(server));
  });
const s3Answers = (port: number) =>
  fetch(`http://127.0.0.1:${port}/`).then(
    (r) => r.status,
    () => 0,
  );

describe("exports dev never destroys a running instance", () => {
  it(
    "refuses a second start on the same ports in one line, and the first keeps running",
    { timeout: 300_000 },
    async () => {
      const port = devPort();
      const first = startDev(root, port);
      try {
        await first.ready();
        const daemons = processesOf(devDir(port));
        const second = startDev(root, port);
        expect(await exitWithin(second, 60_000)).toBe(2);
        const said = second.stderr().trim().split("\n");
        expect(said).toHaveLength(1);
        expect(said[0]).toMatch(
          new RegExp(
            `already running on port ${port} \\(process ${first.child.pid}\\).*--port <n>.*Nothing was changed`,
          ),
        );
        expect(processesOf(devDir(port)), "the first instance's engine is untouched").toEqual(daemons);
        expect(await s3Answers(port)).toBeGreaterThan(0);
        expect(first.child.exitCode).toBeNull();
        first.child.kill("SIGINT");
        expect(await exitWithin(first, 10_000)).toBe(0);
        await until("the first instance to be gone", () => nothingLeft(devDir(port)), 10_000);
      } finally {
        await cleanUp(first, port);
      }
    },
  );

  it.each([
    [0, "the S3 endpoint"],
    [1, "the notification receiver"],
    [2, "the engine monitor"],
    [3, "the engine monitor"],
    [4, "the web identity issuer"],
  ])(
    "says in one line that port n+%i (%s) is taken, and starts nothing",
    { timeout: 120_000 },
    async (offset, what) => {
      const port = devPort(1);
      const holder = await listen(port + offset);
      const dev = startDev(root, port);
      try {
        expect(await exitWithin(dev, 60_000)).toBe(2);
        expect(dev.stderr().trim().split("\n")).toEqual([
          `exports dev: port ${port + offset} (${what}) is in use by another program: start it on other ports with npm start -- --port <n> (or npx exports dev --port <n>; it uses n to n+4). Nothing was started.`,
        ]);
        expect(existsSync(devDir(port)), "no engine folder").toBe(false);
        expect(existsSync(`${devDir(port)}.lock`), "no lock left").toBe(false);
      } finally {
        holder.close();
        await cleanUp(dev, port);
      }
    },
  );

  it(
    "after an abrupt kill (SIGKILL), the next start finds what was left, clears it and runs",
    { timeout: 300_000 },
    async () => {
      const port = devPort();
      const killed = startDev(root, port);
      const next = () => startDev(root, port);
      let again: ReturnType<typeof next> | undefined;
      try {
        await killed.ready();
        killed.child.kill("SIGKILL");
        await killed.exit;
        expect(processesOf(devDir(port)).length, "the engine outlives a SIGKILL").toBeGreaterThan(0);
        expect(existsSync(`${devDir(port)}.lock`), "and so does the lock").toBe(true);

        again = next();
        await again.ready();
        expect(again.output()).toContain(
          `cleared what an earlier instance (process ${killed.child.pid}) left when it was killed`,
        );
        again.child.kill("SIGINT");
        expect(await exitWithin(again, 10_000)).toBe(0);
        await until("everything to be gone", () => nothingLeft(devDir(port)), 10_000);
      } finally {
        if (again) await cleanUp(again, port);
        await cleanUp(killed, port);
      }
    },
  );
});
