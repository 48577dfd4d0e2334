import { execFile } from "node:child_process";
import { cp, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { retainedPullBuckets } from "../../src/config/earlierRemovals";
import { loadConfig } from "../../src/config/loadConfig";
import { REPO } from "../synth";
import { counted } from "./counted";

const git = (cwd: string, ...args: string[]) =>
  promisify(execFile)("git", ["-c", "user.email=t@example.org", "-c", "user.name=test", ...args], { cwd });

const PULL = "name: old_stats\npull_arns:\n  - arn:aws:iam::111122223333:role/reader\nusers:\n  - alpha_user_ana\n";
const pushTo = (bucket: string) => `name: planted\nbucket: ${bucket}\nusers:\n  - alpha_user_ana\n`;

// Removing a pull dataset keeps its bucket and data (decision 0004): the platform still owns it.
let repo: string;
let removal: string;
beforeAll(async () => {
  repo = await mkdtemp(join(tmpdir(), "exports-retained-"));
  await cp(join(REPO, "exports.settings.yaml"), join(repo, "exports.settings.yaml"));
  await mkdir(join(repo, "pull_datasets"));
  await mkdir(join(repo, "push_datasets"));
  await writeFile(join(repo, "pull_datasets/old_stats.yaml"), PULL);
  await git(repo, "init", "-q", "-b", "main");
  await git(repo, "add", ".");
  await git(repo, "commit", "-qm", "a pull dataset");
  await git(repo, "rm", "-q", "pull_datasets/old_stats.yaml");
  await git(repo, "commit", "-qm", "its removal");
  removal = (await git(repo, "rev-parse", "--short", "HEAD")).stdout.trim();
}, 60_000);
afterAll(() => rm(repo, { recursive: true, force: true }));

describe("a push target that a removed pull dataset left behind", () => {
  it("is refused at the bucket line, naming the removed file and the commit", async () => {
    await writeFile(join(repo, "push_datasets/planted.yaml"), pushTo("mojap-old-stats"));
    const { errors, value } = await loadConfig(repo);
    expect(errors).toEqual([
      expect.objectContaining({
        rule: "target-pull-bucket",
        file: "push_datasets/planted.yaml",
        line: 2,
        column: 9,
        message: expect.stringContaining(
          `bucket is the bucket that pull_datasets/old_stats.yaml left behind when commit ${removal} removed it`,
        ) as unknown,
      }),
    ]);
    expect(value.push).toEqual([]);
  });

  it("accepts another bucket, and the same file outside a git repository (no history to judge by)", async () => {
    await writeFile(join(repo, "push_datasets/planted.yaml"), pushTo("receiving-team-inbound"));
    expect((await loadConfig(repo)).errors).toEqual([]);
    const bare = await mkdtemp(join(tmpdir(), "exports-no-git-"));
    try {
      await cp(join(repo, "exports.settings.yaml"), join(bare, "exports.settings.yaml"));
      await mkdir(join(bare, "push_datasets"));
      await writeFile(join(bare, "push_datasets/planted.yaml"), pushTo("mojap-old-stats"));
      expect((await loadConfig(bare)).errors).toEqual([]);
    } finally {
      await rm(bare, { recursive: true, force: true });
    }
  });
});

describe("reading the history", () => {
  it("is skipped when no push target starts with the pull-bucket prefix: the rule could not fire", async () => {
    await writeFile(join(repo, "push_datasets/planted.yaml"), pushTo("receiving-team-inbound"));
    const { calls, read } = counted(retainedPullBuckets);
    expect((await loadConfig(repo, { retainedPullBuckets: read })).errors).toEqual([]);
    expect(calls).toEqual([]);
  });

  it("happens once when a push target could be a bucket a removed pull dataset left behind", async () => {
    await writeFile(join(repo, "push_datasets/planted.yaml"), pushTo("mojap-old-stats"));
    const { calls, read } = counted(retainedPullBuckets);
    const { errors } = await loadConfig(repo, { retainedPullBuckets: read });
    expect(errors.map((e) => e.rule)).toEqual(["target-pull-bucket"]);
    expect(calls).toEqual([[repo, "mojap-"]]);
  });

  it("happens for a target with the prefix that no removal left behind, and accepts it", async () => {
    await writeFile(join(repo, "push_datasets/planted.yaml"), pushTo("mojap-never-a-pull-dataset"));
    const { calls, read } = counted(retainedPullBuckets);
    expect((await loadConfig(repo, { retainedPullBuckets: read })).errors).toEqual([]);
    expect(calls).toHaveLength(1);
  });
});
