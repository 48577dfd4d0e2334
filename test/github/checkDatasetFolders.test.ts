import { execFile } from "node:child_process";
import { mkdir, rm, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATASET_FILE_NAME } from "../../src/config/datasetFileName";
import { loadConfig } from "../../src/config/loadConfig";
import { exampleRepository, git } from "../exampleRepository";
import { REPO } from "../synth";

/**
 * scripts/check-dataset-folders.sh, the first step of every pull request's checks (decision
 * 0008): plain bash and git, so it runs before any of the pull request's code or dependencies.
 */
const SCRIPT = join(REPO, "scripts/check-dataset-folders.sh");

async function check(cwd: string, args: string[] = [], env: Record<string, string> = {}) {
  // Plain text unless the test asks for annotations, even when the tests themselves run in Actions.
  return promisify(execFile)(SCRIPT, args, { cwd, env: { ...process.env, GITHUB_ACTIONS: "", ...env } }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );
}

/** File names in a dataset folder: the script, validate and the TypeScript rule must agree on each. */
const NAMES = [
  "court_listings.yaml",
  "new-project.yaml",
  "x.y.yaml",
  "a.yml",
  "README.md",
  ".prettierrc.yaml",
  ".yaml",
  ".npmrc",
  ".editorconfig",
  "eslint.config.js",
  "prettier.config.mjs",
  "vitest.config.ts",
  "tsconfig.json",
  "package.json",
  "a,b:c%.js",
  "new\nline.js",
];

let repo: string;
beforeAll(async () => {
  repo = await exampleRepository("exports-folders-", "base");
}, 60_000);
afterAll(() => rm(repo, { recursive: true, force: true }));

describe("scripts/check-dataset-folders.sh", () => {
  it("accepts a repository whose dataset folders hold dataset files only, and this repository", async () => {
    expect(await check(repo)).toMatchObject({ code: 0, stdout: expect.stringContaining("dataset files only") });
    expect((await check(REPO)).code).toBe(0);
  });

  it("refuses every name the TypeScript rule refuses, and validate reports each of them too", async () => {
    await git(repo, "checkout", "-qb", "names");
    for (const name of NAMES) await writeFile(join(repo, "push_datasets", name), "name: x\n");
    await git(repo, "add", ".");
    await git(repo, "commit", "-qm", "names");
    const { code, stdout } = await check(repo);
    expect(code).toBe(1);
    const refused = NAMES.filter((n) => !DATASET_FILE_NAME.test(n));
    expect(refused).toContain("eslint.config.js");
    expect(refused).not.toContain("x.y.yaml");
    // One line per refused file, located, naming what it is; a newline in a name cannot split one.
    const lines = stdout.trim().split("\n");
    expect(lines).toHaveLength(refused.length);
    expect(lines).toContain(
      "push_datasets/eslint.config.js:1:1: push_datasets/ holds only dataset files, each a regular file named <name>.yaml such as push_datasets/court_listings.yaml; found a file not named <name>.yaml, eslint.config.js: if it is a dataset file, name it <name>.yaml; anything else moves out of push_datasets/, in a maintainer's change.",
    );
    expect(lines).toContain(
      "push_datasets/.npmrc:1:1: push_datasets/ holds only dataset files, each a regular file named <name>.yaml such as push_datasets/court_listings.yaml; found a hidden file, .npmrc: move it out of push_datasets/: tools read hidden files as their configuration.",
    );
    expect(lines.some((l) => l.startsWith("$'push_datasets/new\\nline.js':1:1: "))).toBe(true);
    const errors = (await loadConfig(repo)).errors.map((e) => e.file);
    for (const name of refused) expect(errors, name).toContain(`push_datasets/${name}`);
  });

  it("refuses links, folders, hidden folders and submodules, and a dataset folder that is a link", async () => {
    await git(repo, "checkout", "-qf", "main");
    await git(repo, "checkout", "-qb", "kinds");
    await symlink("/etc/passwd", join(repo, "pull_datasets/linked.yaml"));
    await mkdir(join(repo, "pull_datasets/team"));
    await writeFile(join(repo, "pull_datasets/team/x.yaml"), "name: x\n");
    await mkdir(join(repo, "pull_datasets/.config"));
    await writeFile(join(repo, "pull_datasets/.config/eslint.config.js"), "export default [];\n");
    await git(repo, "add", ".");
    const head = (await git(repo, "rev-parse", "HEAD")).stdout.trim();
    await git(repo, "update-index", "--add", "--cacheinfo", `160000,${head},pull_datasets/vendored.yaml`);
    await git(repo, "commit", "-qm", "kinds");
    const { code, stdout } = await check(repo);
    expect(code).toBe(1);
    const found = stdout
      .trim()
      .split("\n")
      .map((l) => /^(\S+):1:1: .*; found (a [^,]+),/.exec(l)?.slice(1));
    expect(found).toEqual([
      ["pull_datasets/.config", "a folder"],
      ["pull_datasets/linked.yaml", "a symbolic link"],
      ["pull_datasets/team", "a folder"],
      ["pull_datasets/vendored.yaml", "a submodule or other git entry (mode 160000)"],
    ]);

    await git(repo, "rm", "-rqf", "--cached", "push_datasets");
    await rm(join(repo, "push_datasets"), { recursive: true });
    await symlink("pull_datasets", join(repo, "push_datasets"));
    await git(repo, "add", "push_datasets");
    await git(repo, "commit", "-qm", "a linked folder");
    expect((await check(repo)).stdout).toContain(
      "push_datasets:1:1: push_datasets must be a folder of dataset files; found a git entry of mode 120000",
    );
  });

  it("checks the commit it is given, not the working tree, and writes GitHub annotations in Actions", async () => {
    await git(repo, "checkout", "-qf", "main");
    expect((await check(repo)).code).toBe(0);
    const names = await check(repo, ["names"], { GITHUB_ACTIONS: "true" });
    expect(names.code).toBe(1);
    expect(names.stdout).toContain(
      "::error file=push_datasets/a%2Cb%3Ac%25.js,line=1,col=1,title=dataset-folders::push_datasets/ holds only",
    );
    for (const line of names.stdout.trim().split("\n")) expect(line).toMatch(/^::error file=push_datasets\//);
    expect(await check(repo, ["no-such-commit"])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining("git cannot find"),
    });
  });
});
