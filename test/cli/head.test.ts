import { existsSync } from "node:fs";
import { cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exampleRepository, git } from "../exampleRepository";
import { runCli } from "./runCli";

/**
 * `--head <ref>`: CI judges a pull request with the base branch's code, reading the pull
 * request's dataset files from git as data, never checked out (decision 0008). So the commit is
 * judged, not the working tree, exactly as a checkout of it would be.
 */

const NEW_FEED = "name: new_feed\nbucket: receiving-bucket\nusers:\n  - alpha_user_ana\n";

let repo: string;
beforeAll(async () => {
  repo = await exampleRepository("exports-head-", "base");
  await git(repo, "checkout", "-qb", "change");
  await writeFile(join(repo, "push_datasets/new_feed.yaml"), NEW_FEED);
  await mkdir(join(repo, "scripts"));
  await writeFile(join(repo, "scripts/x.sh"), "echo hi\n");
  await git(repo, "add", ".");
  await git(repo, "commit", "-qm", "a new dataset and some code");
  // What is checked out is main, with an error of its own that --head must not see.
  await git(repo, "checkout", "-q", "main");
  await writeFile(join(repo, "push_datasets/broken.yaml"), "name: [\n");
}, 60_000);
afterAll(() => rm(repo, { recursive: true, force: true }));

const cli = (...args: string[]) => runCli([...args, "--root", repo]);

describe("exports validate, plan and check-branch --head", () => {
  it("validate --head judges the commit, not the working tree", async () => {
    const worktree = await cli("validate", "--format", "json");
    expect(worktree.code).toBe(1);
    const head = await cli("validate", "--head", "change", "--base", "main", "--format", "json");
    expect(head.code, head.stdout + head.stderr).toBe(0);
    expect(JSON.parse(head.stdout)).toMatchObject({ errors: [] });
  });

  it("plan --base --head shows what the commit changes, its other files included", async () => {
    const { code, stdout, stderr } = await cli("plan", "--base", "main", "--head", "change", "--format", "json");
    expect(code, stderr).toBe(0);
    const json = JSON.parse(stdout) as { datasets: { name: string; change: string }[]; repository: unknown };
    expect(json.datasets.filter((d) => d.change !== "unchanged").map((d) => [d.name, d.change])).toEqual([
      ["new_feed", "added"],
    ]);
    expect(json.repository).toMatchObject({ otherFiles: ["scripts/x.sh"], settingsFileChanged: false });
  });

  it("check-branch --head compares the commit with the base", async () => {
    const head = await cli("check-branch", "--branch", "push_dataset/new_feed", "--base", "main", "--head", "change");
    expect([head.code, head.stdout]).toEqual([1, expect.stringContaining("also changes scripts/x.sh")]);
    expect(head.stdout).not.toContain("should add or change push_datasets/new_feed.yaml");
    // Without --head, HEAD is main itself, which changes nothing.
    const worktree = await cli("check-branch", "--branch", "push_dataset/new_feed", "--base", "main");
    expect(worktree.stdout).toContain("should add or change push_datasets/new_feed.yaml");
  });

  it.each([["no-such-ref"], ["--output=written-by-git"], ["main:push_datasets"]])(
    "refuses %s as a usage error, and git writes nothing",
    async (ref) => {
      for (const command of [
        ["validate", "--head", ref],
        ["plan", "--base", "main", "--head", ref],
      ]) {
        const { code, stderr } = await cli(...command);
        expect([code, stderr]).toEqual([2, expect.stringContaining("git cannot find")]);
      }
      expect(existsSync(join(repo, "written-by-git"))).toBe(false);
    },
  );
});

describe("a commit read with --head is judged as a checkout of it would be", () => {
  let checkout: string;
  beforeAll(async () => {
    checkout = await mkdtemp(join(tmpdir(), "exports-head-odd-"));
    await cp(join(repo, ".git"), join(checkout, ".git"), { recursive: true });
    await git(checkout, "checkout", "-qf", "change");
    await git(checkout, "clean", "-qfdx");
    const outside = await mkdtemp(join(tmpdir(), "exports-head-outside-"));
    await writeFile(join(outside, "secret.yaml"), "name: TOP-SECRET\n");
    await symlink(join(outside, "secret.yaml"), join(checkout, "pull_datasets/linked.yaml"));
    await mkdir(join(checkout, "push_datasets/team"));
    await writeFile(join(checkout, "push_datasets/team/x.yaml"), NEW_FEED);
    await mkdir(join(checkout, "push_datasets/folder.yaml"));
    await writeFile(join(checkout, "push_datasets/folder.yaml/y.yaml"), NEW_FEED);
    await writeFile(join(checkout, "push_datasets/.prettierrc.yaml"), NEW_FEED);
    await writeFile(join(checkout, "push_datasets/eslint.config.js"), "export default [];\n");
    await writeFile(join(checkout, "push_datasets/big.yaml"), Buffer.alloc(2 * 1024 * 1024, 0x61));
    await writeFile(join(checkout, "push_datasets/latin1.yaml"), Buffer.from("name: caf\xe9\n", "latin1"));
    await git(checkout, "add", ".");
    await git(checkout, "commit", "-qm", "everything a dataset folder must not hold");
    await git(checkout, "checkout", "-q", "main");
  }, 60_000);
  afterAll(() => rm(checkout, { recursive: true, force: true }));

  it("reports the same errors, and never what a link points at", async () => {
    const fromGit = await runCli(["validate", "--root", checkout, "--head", "change", "--format", "json"]);
    await git(checkout, "checkout", "-q", "change");
    const fromCheckout = await runCli(["validate", "--root", checkout, "--format", "json"]);
    expect(fromGit.code).toBe(1);
    expect(fromGit.stdout).toBe(fromCheckout.stdout);
    const errors = (JSON.parse(fromGit.stdout) as { errors: { file: string; rule: string }[] }).errors;
    expect(errors.map((e) => [e.file, e.rule])).toEqual(
      expect.arrayContaining([
        ["pull_datasets/linked.yaml", "file-symlink"],
        ["push_datasets/team", "file-extension"],
        ["push_datasets/folder.yaml", "file-readable"],
        ["push_datasets/.prettierrc.yaml", "file-extension"],
        ["push_datasets/eslint.config.js", "file-extension"],
        ["push_datasets/big.yaml", "file-readable"],
        ["push_datasets/latin1.yaml", "file-readable"],
      ]),
    );
    expect(fromGit.stdout).not.toContain("TOP-SECRET");
    expect(await readFile(join(checkout, "push_datasets/eslint.config.js"), "utf8")).toBe("export default [];\n");
  });
});
