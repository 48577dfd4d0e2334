import { execFile } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { isBuiltin } from "node:module";
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
  const manifest = () =>
    JSON.parse(readFileSync(join(copy, "dist/cli/build.json"), "utf8")) as { builtAt: number; entry: string };
  const builtAt = () => manifest().builtAt;
  const built = () => readdirSync(join(copy, "dist/cli")).sort();
  const exports = (...args: string[]) => node([join(copy, "bin/exports.cjs"), ...args], copy);
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

  it("keeps each command's compiled code in a cache of its own, rewritten when V8 refuses it", async () => {
    const { entry } = manifest();
    expect(entry).toMatch(/^main-\w+\.cjs$/);
    const validate = () => exports("validate", "--root", REPO);
    const first = await validate();
    expect(first).toMatchObject({ code: 0, stderr: "" });
    expect(built()).toEqual(["build.json", entry, `${entry}.help.cache`, `${entry}.validate.cache`]);
    // A damaged cache (or one of another Node version) is refused by V8: the command runs as
    // before, compiling its code, and leaves a good cache in its place.
    const cache = join(copy, "dist/cli", `${entry}.validate.cache`);
    writeFileSync(cache, "not a cache");
    expect(await validate()).toEqual(first);
    expect(readFileSync(cache).length).toBeGreaterThan(10_000);
    expect(await validate()).toEqual(first);
    // A command that fails to start (exit code 2) leaves no cache.
    expect((await exports("no-such-command")).code).toBe(2);
    expect(existsSync(join(copy, "dist/cli", `${entry}.no-such-command.cache`))).toBe(false);
  });

  it("is rebuilt when a source changed since, so it never runs stale code, and keeps one build before it", async () => {
    const { entry: before } = manifest();
    edit("src/cli/program.ts", "Validate, plan and run data exports", "Validate, plan and run (edited) data exports");
    const { code, stdout } = await exports("--help");
    expect(code).toBe(0);
    expect(stdout).toContain("run (edited) data exports");
    const { entry: edited } = manifest();
    expect(edited).not.toBe(before);
    edit("src/cli/program.ts", "run (edited) data", "run (edited twice) data");
    expect((await exports("--help")).stdout).toContain("run (edited twice) data exports");
    // The build replaced stays (a command may have just read its name); older ones go, caches with them.
    const { entry: latest } = manifest();
    expect(built()).toEqual(["build.json", edited, `${edited}.help.cache`, latest, `${latest}.help.cache`].sort());
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
  let inputs: Metafile["inputs"];
  beforeAll(async () => {
    outDir = mkdtempSync(join(tmpdir(), "exports-build-"));
    ({ outputs, inputs } = await buildCli({ outDir }));
  });

  it("is one CommonJS file, named by its content", () => {
    expect(Object.keys(outputs)).toHaveLength(1);
    expect(Object.keys(outputs)[0]).toMatch(/main-\w+\.cjs$/);
  });
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  /**
   * The modules a command runs before its work starts, and the packages they load: what `sources`
   * import statically, as esbuild keeps every import() lazy within the one file (a module reached
   * only through one is run when the import() is), and every require() of a bundled package.
   */
  const loadedBy = (sources: readonly string[]) => {
    const visited = new Set<string>();
    const packages = new Set<string>();
    const visit = (input: string) => {
      visited.add(input);
      for (const { path, kind, external } of inputs[input]?.imports ?? []) {
        if (kind === "dynamic-import") continue;
        if (external) packages.add(path);
        else if (!visited.has(path)) visit(path);
      }
    };
    for (const source of sources) {
      expect(inputs[source]).toBeDefined();
      visit(source);
    }
    return { packages: [...packages], inputs: [...visited] };
  };

  it("lets `exports --help` and `exports validate` load no package from node_modules, only Node's own modules", () => {
    const { packages } = loadedBy(["src/cli/main.ts", "src/cli/validate/command.ts"]);
    expect(packages.filter((name) => !isBuiltin(name))).toEqual([]);
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
    // The built file run as bin/exports.cjs runs it, from a script beside it.
    const script = join(outDir, "run.cjs");
    writeFileSync(
      script,
      `const { runWithCodeCache } = require(${JSON.stringify(join(REPO, "bin/codeCache.cjs"))});\n` +
        `const { lastBuild } = require(${JSON.stringify(join(REPO, "bin/builtCli.cjs"))});\n` +
        `runWithCodeCache(lastBuild({ outDir: ${JSON.stringify(outDir)} }), process.argv.slice(2));\n`,
    );
    const { code, stderr } = await node(["--import", `data:text/javascript,${loaded}`, script, "--help"]);
    expect(code).toBe(0);
    expect(stderr.trim()).toBe("[]");
  });

  it("bundles no zod locale but the default, English one", () => {
    // `import { z } from "zod"` would keep every locale (half the validate bundle): import * as z.
    const bundled = Object.values(outputs).flatMap((output) => Object.keys(output.inputs));
    // locales/index.js, the list of them, stays (80 bytes): the locales it names do not.
    const locales = bundled.filter((input) => input.includes("zod/v4/locales/") && !input.endsWith("/index.js"));
    expect(locales).toEqual(["node_modules/zod/v4/locales/en.js"]);
  });

  it("is ignored by git, so it is never committed", async () => {
    const git = (...args: string[]) => promisify(execFile)("git", args, { cwd: REPO });
    const files = ["dist/cli/main-ABCDEFGH.cjs", "dist/cli/main-ABCDEFGH.cjs.validate.cache", "dist/cli/build.json"];
    const ignored = await git("check-ignore", ...files);
    expect(ignored.stdout.split("\n")).toEqual([...files, ""]);
    expect((await git("ls-files", "dist")).stdout).toBe("");
  });
});
