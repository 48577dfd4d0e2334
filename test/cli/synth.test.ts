import { execFile } from "node:child_process";
import { cp, mkdir, mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { writeFolderAtomically } from "../../src/cli/atomicOutput";
import { REPO } from "../synth";
import { runCli } from "./runCli";

const cli = (...args: string[]) => runCli(args);

describe("exports synth", () => {
  // One synthesis (cdk-nag, CDK's validation, the mover's bundle) for what three tests each ran
  // once: this one, test/cli/build.test.ts's compiled CLI and test/cli/plan.test.ts's offline
  // templates and bundle. The compiled CLI run as a person would, from outside the checkout, is
  // the strictest of the three: the mover's bundle is found from the CLI, not from the cwd.
  it("works when run from outside the checkout (the mover's bundling finds this package's lock file)", async () => {
    const cwd = await mkdtemp(join(tmpdir(), "exports-elsewhere-"));
    const out = join(cwd, "out");
    const result = await promisify(execFile)(
      process.execPath,
      [join(REPO, "bin/exports.cjs"), "synth", "--root", REPO, "--out", out],
      { cwd },
    );
    expect(result.stderr).not.toContain("Error");
    // The core stack, 8 push, 16 pull, 32 users and 32 notify shards, and DataExports-Federation.
    expect(result.stdout).toMatch(/^Synthesized 90 stacks \(\d+ resources\) into /);
    const files = await readdir(out);
    expect(files).toContain("DataExports-Core.template.json");
    expect(files).toContain("manifest.json");
    expect(await readFile(join(out, "DataExports-Core.template.json"), "utf8")).toContain("AWS::Lambda::Function");
    // Written offline, with the mover bundled.
    const assets = files.filter((f) => f.startsWith("asset."));
    const bundled = await Promise.all(assets.map((a) => readdir(join(out, a)).catch(() => [])));
    expect(bundled.flat()).toContain("index.mjs");
    // Nothing but the output itself is left beside it.
    expect(await readdir(cwd)).toEqual(["out"]);
  }, 180_000);

  it("says in one line, with exit code 2, when the output cannot be written", async () => {
    const { code, stderr } = await cli("synth", "--root", REPO, "--out", "/nonexistent/folder/out");
    expect(code).toBe(2);
    expect(stderr).toMatch(/^exports synth: .*nonexistent.*\n$/);
  }, 60_000);

  it("refuses an export bucket whose access-log bucket would be no valid name, before synthesis", async () => {
    const root = await mkdtemp(join(tmpdir(), "exports-long-"));
    await cp(join(REPO, "push_datasets"), join(root, "push_datasets"), { recursive: true });
    await writeFile(join(root, "exports.settings.yaml"), `export_bucket: exports-${"x".repeat(52)}\n`);
    const { code, stderr } = await cli("synth", "--root", root, "--out", join(root, "out"));
    expect(code).toBe(1);
    expect(stderr).toMatch(/exports\.settings\.yaml:\d+:\d+/);
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});

describe("writeFolderAtomically", () => {
  it("replaces the folder whole, and leaves the old one as it was when filling fails", async () => {
    const parent = await mkdtemp(join(tmpdir(), "exports-atomic-"));
    const target = join(parent, "out");
    await mkdir(target);
    await writeFile(join(target, "old.txt"), "old");

    await expect(
      writeFolderAtomically(target, async (folder) => {
        await writeFile(join(folder, "half.txt"), "half");
        throw new Error("synthesis broke");
      }),
    ).rejects.toThrow("synthesis broke");
    expect(await readdir(parent)).toEqual(["out"]);
    expect(await readdir(target)).toEqual(["old.txt"]);

    await writeFolderAtomically(target, (folder) => writeFile(join(folder, "new.txt"), "new"));
    expect(await readdir(parent)).toEqual(["out"]);
    expect(await readdir(target)).toEqual(["new.txt"]);
    expect(await readFile(join(target, "new.txt"), "utf8")).toBe("new");
  });
});
