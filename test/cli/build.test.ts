import { execFile } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Metafile } from "esbuild";
import { buildCli } from "../../bin/build.mjs";

const REPO = join(import.meta.dirname, "../..");

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

async function node(args: string[], cwd = REPO): Promise<Result> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, args, { cwd });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const { code, stdout, stderr } = error as { code: number; stdout: string; stderr: string };
    return { code, stdout, stderr };
  }
}

describe("the CLI built from its sources", () => {
  // A copy of the CLI's sources and entry points, so that editing them touches nothing of the repository's.
  let copy: string;
  const builtAt = () =>
    (JSON.parse(readFileSync(join(copy, "dist/cli/build.json"), "utf8")) as { builtAt: number }).builtAt;
  const exports = (...args: string[]) => node([join(copy, "bin/exports.mjs"), ...args], copy);
  const edit = (file: string, from: string, to: string) => {
    const path = join(copy, file);
    writeFileSync(path, readFileSync(path, "utf8").replace(from, to));
  };

  beforeAll(() => {
    copy = mkdtempSync(join(tmpdir(), "exports-build-"));
    for (const entry of ["bin", "src", "package.json", "tsconfig.json"])
      cpSync(join(REPO, entry), join(copy, entry), { recursive: true });
    symlinkSync(join(REPO, "node_modules"), join(copy, "node_modules"));
  });
  afterAll(() => rmSync(copy, { recursive: true, force: true }));

  it("is built on the first run when there is no build, then reused while the sources stay as they are", async () => {
    const first = await exports("--help");
    expect(first).toMatchObject({ code: 0, stderr: "" });
    expect(first.stdout).toContain("Usage: exports");
    const built = builtAt();
    expect(await exports("--help")).toMatchObject({ code: 0, stdout: first.stdout });
    expect(builtAt()).toBe(built);
  });

  it("is rebuilt when a source changed since, so it never runs stale code", async () => {
    edit("src/cli/program.ts", "Validate, plan and run data exports", "Validate, plan and run (edited) data exports");
    const { code, stdout } = await exports("--help");
    expect(code).toBe(0);
    expect(stdout).toContain("run (edited) data exports");
  });

  it("refuses to run, with the located error, when the edited sources do not compile", async () => {
    edit("src/cli/validate/format.ts", "export ", "export export ");
    const { code, stdout, stderr } = await exports("--help");
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toMatch(/src\/cli\/validate\/format\.ts:\d+:\d+/);
    expect(stderr).toContain("could not be rebuilt");
    expect(stderr).not.toMatch(/^\s+at /m);
  });
});

describe("the CLI's build", () => {
  let outDir: string;
  let outputs: Metafile["outputs"];
  beforeAll(async () => {
    outDir = mkdtempSync(join(tmpdir(), "exports-build-"));
    ({ outputs } = await buildCli({ outDir }));
  });
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  /** The outputs an entry point loads before it runs (import() waits for a command that needs it), and the packages. */
  const loadedBy = (entryPoints: readonly string[]) => {
    const visited = new Set<string>();
    const packages = new Set<string>();
    const visit = (output: string) => {
      visited.add(output);
      for (const { path, kind, external } of outputs[output]?.imports ?? []) {
        if (kind !== "import-statement") continue;
        if (external) packages.add(path);
        else if (!visited.has(path)) visit(path);
      }
    };
    const entries = Object.keys(outputs).filter((output) => entryPoints.includes(outputs[output]?.entryPoint ?? ""));
    expect(entries).toHaveLength(entryPoints.length);
    entries.forEach(visit);
    const inputs = [...visited].flatMap((output) => Object.keys(outputs[output]?.inputs ?? {}));
    return { packages: [...packages], inputs };
  };

  it("lets `exports --help` and `exports validate` load no package from node_modules, only Node's own modules", () => {
    const { packages } = loadedBy(["src/cli/main.ts", "src/cli/validate/command.ts"]);
    expect(packages.filter((name) => !name.startsWith("node:"))).toEqual([]);
  });

  it("lets `exports --help` load the command line alone: no YAML parser, dates, schemas or dataset rules", () => {
    const { inputs } = loadedBy(["src/cli/main.ts"]);
    const bundled = new Set(inputs.flatMap((input) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input)?.[1] ?? []));
    expect([...bundled]).toEqual(["commander"]);
    expect(inputs.filter((input) => /^src\/(config\/rules|plan)\/|loadConfig|parseMapping/.test(input))).toEqual([]);
  });

  it("lets `exports validate` load no dates or RE2 engine: they are required when a file needs them", () => {
    const { inputs } = loadedBy(["src/cli/main.ts", "src/cli/validate/command.ts"]);
    expect(inputs.filter((input) => /node_modules\/(luxon|re2js)\//.test(input))).toEqual([]);
  });

  it("lets `exports --help` start without Node's child_process, which commander loads only to spawn", async () => {
    const loaded =
      "process.on('exit', () => console.error(process.moduleLoadList.filter((m) => m.includes('child_process'))))";
    const { code, stderr } = await node([
      "--import",
      `data:text/javascript,${loaded}`,
      join(outDir, "main.mjs"),
      "--help",
    ]);
    expect(code).toBe(0);
    expect(stderr.trim()).toBe("[]");
  });

  it("bundles no zod locale but the default, English one", () => {
    // `import { z } from "zod"` would keep every locale (half the validate bundle): import * as z.
    const inputs = Object.values(outputs).flatMap((output) => Object.keys(output.inputs));
    expect(inputs.filter((input) => input.includes("zod/v4/locales/") && !input.endsWith("/en.js"))).toEqual([]);
  });

  it("is ignored by git, so it is never committed", async () => {
    const git = (...args: string[]) => promisify(execFile)("git", args, { cwd: REPO });
    const ignored = await git("check-ignore", "dist/cli/main.mjs", "dist/cli/build.json");
    expect(ignored.stdout.split("\n")).toEqual(["dist/cli/main.mjs", "dist/cli/build.json", ""]);
    expect((await git("ls-files", "dist")).stdout).toBe("");
  });
});
