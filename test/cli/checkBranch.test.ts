import { execFile } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { branchProblems } from "../../src/cli/checkBranch/branchRule";
import { run } from "../../src/cli/program";

const add = (path: string) => ({ status: "A", path });

describe("the branch rule", () => {
  it.each([
    {
      name: "a push branch adding its file",
      branch: "push_dataset/court_listings",
      changes: [add("push_datasets/court_listings.yaml")],
      problems: 0,
    },
    {
      name: "a pull branch editing its file",
      branch: "pull_dataset/shared",
      changes: [{ status: "M", path: "pull_datasets/shared.yaml" }],
      problems: 0,
    },
    { name: "a maintenance branch touching no dataset", branch: "fix/docs", changes: [add("docs/x.md")], problems: 0 },
    {
      name: "a push branch adding another file",
      branch: "push_dataset/court_listings",
      changes: [add("push_datasets/other.yaml")],
      problems: 2,
    },
    {
      name: "a push branch adding the pull file",
      branch: "push_dataset/court_listings",
      changes: [add("pull_datasets/court_listings.yaml")],
      problems: 2,
    },
    {
      name: "a branch of another name adding a dataset",
      branch: "my-feature",
      changes: [add("push_datasets/x.yaml")],
      problems: 1,
    },
    {
      name: "a maintenance branch migrating many files and the settings",
      branch: "maintenance/take-over-old-system",
      changes: [
        { status: "D", path: "pull_datasets/cjs_dashboard.yaml" },
        add("pull_datasets/cjs-dashboard.yaml"),
        { status: "M", path: "push_datasets/court_feed.yaml" },
        { status: "M", path: "exports.settings.yaml" },
      ],
      problems: 0,
    },
    {
      name: "a branch merely starting with maintenance",
      branch: "maintenance-x",
      changes: [add("push_datasets/x.yaml")],
      problems: 1,
    },
    {
      name: "two datasets on one branch",
      branch: "pull_dataset/a",
      changes: [add("pull_datasets/a.yaml"), add("pull_datasets/b.yaml")],
      problems: 1,
    },
  ])("$name: $problems problem(s)", ({ branch, changes, problems }) => {
    const found = branchProblems(branch, changes);
    expect(found).toHaveLength(problems);
    for (const p of found) expect(p).toMatch(/branch|dataset/);
  });

  it.each([
    { path: "exports.settings.yaml", says: "the platform's settings" },
    { path: "src/config/names.ts", says: "code, documentation or configuration" },
    { path: "package.json", says: "code, documentation or configuration" },
    { path: ".github/CODEOWNERS", says: "the workflows or code owners" },
    { path: "push_datasets/eslint.config.js", says: "a file that is not a dataset file, in a dataset folder" },
    { path: "push_datasets/.prettierrc.yaml", says: "a file that is not a dataset file, in a dataset folder" },
    { path: "pull_datasets/team/x.yaml", says: "a file that is not a dataset file, in a dataset folder" },
  ])("a dataset branch that also changes $path is told what that is", ({ path, says }) => {
    const found = branchProblems("push_dataset/feed", [add("push_datasets/feed.yaml"), { status: "M", path }]);
    expect(found).toEqual([expect.stringContaining(`also changes ${path}: ${says}`)]);
    expect(found[0]).toContain("a maintainer changes that in a pull request of its own, from a branch maintenance/");
  });

  it.each([
    { path: "pull_datasets/second.yaml", branch: "pull_dataset/second" },
    { path: "push_datasets/other.yaml", branch: "push_dataset/other" },
  ])("a requester's second dataset, $path, is told to open a second pull request from $branch", ({ path, branch }) => {
    const found = branchProblems("push_dataset/feed", [add("push_datasets/feed.yaml"), add(path)]);
    expect(found).toEqual([
      `branch "push_dataset/feed" is for push_datasets/feed.yaml only, but also changes ${path}: one dataset per pull request. Take ${path} out of this one and open a second pull request, from a branch named ${branch}, that changes it`,
    ]);
    expect(found[0]).not.toContain("maintainer");
  });

  it.each(["push_dataset/added.yaml", "push_dataset/added.yml"])(
    "a branch named after the file, %s, is told the branch's name, never a .yaml.yaml file",
    (branch) => {
      const found = branchProblems(branch, [add("push_datasets/added.yaml")]);
      expect(found).toEqual([
        `branch "${branch}" names a file, but a branch is named after the dataset: open the pull request from a branch named push_dataset/added (for push_datasets/added.yaml)`,
      ]);
    },
  );
});

describe("exports check-branch", () => {
  it("compares the branch with what it changes since the base, as git sees it", async () => {
    const root = await mkdtemp(join(tmpdir(), "exports-branch-"));
    const git = (...args: string[]) =>
      promisify(execFile)("git", ["-c", "user.email=t@example.org", "-c", "user.name=t", ...args], { cwd: root });
    await mkdir(join(root, "push_datasets"));
    await writeFile(join(root, "README.md"), "x");
    await git("init", "-q", "-b", "main");
    await git("add", ".");
    await git("commit", "-qm", "base");
    await git("checkout", "-q", "-b", "push_dataset/new_feed");
    await writeFile(join(root, "push_datasets/new_feed.yaml"), "name: new_feed\n");
    await git("add", ".");
    await git("commit", "-qm", "request");
    let out = "";
    const cli = (branch: string) =>
      run(["check-branch", "--root", root, "--branch", branch, "--base", "main", "--format", "github"], {
        stdout: (t) => (out += t),
        stderr: (t) => (out += t),
      });
    expect(await cli("push_dataset/new_feed")).toBe(0);
    expect(await cli("pull_dataset/new_feed")).toBe(1);
    expect(out).toContain(
      '::error title=branch-name::branch "pull_dataset/new_feed" should add or change pull_datasets/new_feed.yaml',
    );
    for (const hostile of [
      "push_dataset/x\n::warning::forged",
      "push_dataset/x\r\n::warning::forged",
      "push_dataset/x%0A::warning::forged",
      "push_dataset/x\u202E::warning::reversed",
      "push_dataset/x%0D%0A::add-mask::secret",
    ]) {
      out = "";
      expect(await cli(hostile)).toBe(1);
      // Every line the runner reads is one of our own error commands; the branch stays inside it.
      const lines = out.split("\n").filter(Boolean);
      for (const line of lines) expect(line, JSON.stringify(hostile)).toMatch(/^::error title=branch-name::branch "/);
      expect(lines.length).toBeGreaterThan(0);
    }
    // The last one: an escape written in the branch name is itself escaped, so the runner shows it as written.
    expect(out).toContain('branch "push_dataset/x%250D%250A::add-mask::secret"');
    await rm(root, { recursive: true, force: true });
  }, 60_000);
});
