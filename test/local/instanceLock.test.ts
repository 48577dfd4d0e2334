import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { lockInstance } from "../../src/local/instanceLock";
import { AlreadyRunningError } from "../../src/local/startErrors";

let dir: string;
let instance: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "exports-lock-"));
  instance = join(dir, "data-exports-dev-7480");
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("the instance lock", () => {
  it("is taken when free, holds this process's id, and is removed on release", async () => {
    const clear = vi.fn(async () => undefined);
    const lock = await lockInstance(instance, 7480, clear);
    expect(await readFile(`${instance}.lock`, "utf8")).toBe(String(process.pid));
    expect(clear).not.toHaveBeenCalled();
    expect(lock.staleOwner).toBeUndefined();
    await lock.release();
    expect(existsSync(`${instance}.lock`)).toBe(false);
  });

  it("refuses, touching nothing, while its owner runs", async () => {
    await writeFile(`${instance}.lock`, "4242");
    const clear = vi.fn(async () => undefined);
    const taken = lockInstance(instance, 7480, clear, (pid) => pid === 4242);
    await expect(taken).rejects.toBeInstanceOf(AlreadyRunningError);
    await expect(taken).rejects.toThrow("a local platform is already running on port 7480 (process 4242)");
    expect(clear).not.toHaveBeenCalled();
    expect(await readFile(`${instance}.lock`, "utf8")).toBe("4242");
  });

  it.each([
    ["whose owner is gone", "4242"],
    ["that is unreadable", "not a pid"],
  ])("clears what an instance left, then takes a lock %s", async (_, content) => {
    await writeFile(`${instance}.lock`, content);
    const clear = vi.fn(async () => undefined);
    const lock = await lockInstance(instance, 7480, clear, () => false);
    expect(clear).toHaveBeenCalledOnce();
    expect(lock.staleOwner).toBe(content === "4242" ? 4242 : undefined);
    expect(await readFile(`${instance}.lock`, "utf8")).toBe(String(process.pid));
  });

  it("leaves a lock another process took meanwhile on release", async () => {
    const lock = await lockInstance(instance, 7480, async () => undefined);
    await writeFile(`${instance}.lock`, "4242");
    await lock.release();
    expect(await readFile(`${instance}.lock`, "utf8")).toBe("4242");
  });
});
