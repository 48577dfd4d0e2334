import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exampleRepository, git } from "../exampleRepository";
import { REPO } from "../synth";

/**
 * scripts/fetch-pull-request.sh, which plan-comment.yml runs with the base branch checked out: the
 * pull request's commits reach git's object store only, never the working tree (decision 0008).
 */
const SCRIPT = join(REPO, "scripts/fetch-pull-request.sh");

const fetchPull = (cwd: string, ...args: string[]) =>
  promisify(execFile)(SCRIPT, args, { cwd, env: { ...process.env, GITHUB_TOKEN: "" } }).then(
    ({ stdout }) => ({ code: 0, stdout }),
    (e: { code: number; stdout: string }) => ({ code: e.code, stdout: e.stdout }),
  );

let origin: string;
let clone: string;
let head: string;
const FEED = "push_datasets/new_feed.yaml";
beforeAll(async () => {
  // "origin" holds main and, as GitHub does, the pull request's head under refs/pull/7/head.
  origin = await exampleRepository("exports-origin-", "base");
  await git(origin, "checkout", "-qb", "feature");
  await writeFile(join(origin, FEED), "name: new_feed\nbucket: receiving-bucket\nusers: [alpha_user_ana]\n");
  await writeFile(join(origin, "push_datasets/eslint.config.js"), "export default [];\n");
  await git(origin, "add", ".");
  await git(origin, "commit", "-qm", "pull request");
  head = (await git(origin, "rev-parse", "HEAD")).stdout.trim();
  await git(origin, "update-ref", "refs/pull/7/head", head);
  await git(origin, "checkout", "-q", "main");
  // main moves on after the branch was made: the merge holds both.
  await writeFile(join(origin, "README.md"), "later on main\n");
  await git(origin, "add", ".");
  await git(origin, "commit", "-qm", "later on main");
  clone = await mkdtemp(join(tmpdir(), "exports-clone-"));
  await git(clone, "clone", "-q", origin, ".");
}, 60_000);
afterAll(async () => {
  await rm(origin, { recursive: true, force: true });
  await rm(clone, { recursive: true, force: true });
});

describe("scripts/fetch-pull-request.sh", () => {
  it("makes the merge of the pull request into the base in git only, and checks nothing of it out", async () => {
    const { code, stdout } = await fetchPull(clone, "7", head, "origin/main");
    expect(code, stdout).toBe(0);
    const files = (await git(clone, "ls-tree", "-r", "--name-only", "refs/exports/merge")).stdout.split("\n");
    expect(files).toEqual(expect.arrayContaining([FEED, "push_datasets/eslint.config.js", "README.md"]));
    const parents = (await git(clone, "rev-parse", "refs/exports/merge^1", "refs/exports/merge^2")).stdout.split("\n");
    expect(parents.slice(0, 2)).toEqual([(await git(clone, "rev-parse", "origin/main")).stdout.trim(), head]);
    expect(existsSync(join(clone, FEED))).toBe(false);
    expect(existsSync(join(clone, "push_datasets/eslint.config.js"))).toBe(false);
    expect((await git(clone, "status", "--porcelain")).stdout).toBe("");
    expect((await git(clone, "rev-parse", "--abbrev-ref", "HEAD")).stdout.trim()).toBe("main");
  });

  it("refuses a head that moved on: a newer push's run plans it", async () => {
    const { code, stdout } = await fetchPull(clone, "7", "b".repeat(40), "origin/main");
    expect([code, stdout]).toEqual([1, expect.stringContaining(`is now at ${head}`)]);
  });

  it("refuses a pull request that does not merge", async () => {
    await writeFile(join(origin, FEED), "name: other\n");
    await git(origin, "add", ".");
    await git(origin, "commit", "-qm", "the same file on main");
    await git(clone, "fetch", "-q", "origin");
    const { code, stdout } = await fetchPull(clone, "7", head, "origin/main");
    expect([code, stdout]).toEqual([1, expect.stringContaining("does not merge cleanly")]);
    expect(await readFile(join(clone, "README.md"), "utf8")).toBe("later on main\n");
  });

  it.each([
    ["7; id", "a".repeat(40), "origin/main"],
    ["7", "HEAD", "origin/main"],
    ["7", "a".repeat(40), "--output=x"],
  ])("refuses the arguments %j %j %j", async (...args) => {
    expect((await fetchPull(clone, ...args)).code).toBe(2);
  });
});
