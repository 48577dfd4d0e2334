import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type * as LoadConfigModule from "../../src/config/loadConfig";

// A fault no command expects, from deep inside: every command must still print one line and exit 2.
vi.mock("../../src/config/loadConfig", async (original) => ({
  ...(await original<typeof LoadConfigModule>()),
  loadConfig: () => {
    const error = new Error("disk on fire\n    at readFile (node:fs:1:1)\n\u001b[31mred");
    throw error;
  },
}));

const { run } = await import("../../src/cli/program");

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "exports-unexpected-"));
  await mkdir(join(root, "push_datasets"));
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe("an unexpected error", () => {
  it.each([
    ["validate", "--root"],
    ["plan", "--root"],
    ["synth", "--root"],
    ["new", "push", "feed", "--bucket", "b-bucket", "--user", "alpha_user_a", "--root"],
    ["doctor", "--aws", "--root"],
  ])("in %s prints one line without a stack trace and exits 2", async (...args) => {
    let stdout = "";
    let stderr = "";
    const code = await run([...args, root], { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toBe(`exports ${args[0]}: unexpected error: Error: disk on fire (please report this)\n`);
  });
});

describe("the unexpected error line", () => {
  it("shows control characters inertly, so a message cannot drive the terminal", async () => {
    const { unexpectedErrorLine } = await import("../../src/cli/unexpected");
    expect(unexpectedErrorLine("plan", new TypeError("\u001b]0;title\u0007boom"))).toBe(
      "exports plan: unexpected error: TypeError: ?]0;title?boom (please report this)\n",
    );
  });
});
