import { cp, mkdtemp, readFile, readdir, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { FIXTURES } from "../support";
import { runCli } from "./runCli";

const LEGACY = join(FIXTURES, "repos/legacy");
const AFTER = join(FIXTURES, "migrate/legacy-after");

const cli = (...args: string[]) => runCli(args);

/** Every file under `root` with its bytes, by relative path. */
async function snapshot(root: string): Promise<Record<string, string>> {
  const files = (await readdir(root, { recursive: true, withFileTypes: true })).filter(
    (e) => e.isFile() || e.isSymbolicLink(),
  );
  const entries = await Promise.all(
    files.map(async (e) => {
      const path = join(e.parentPath, e.name);
      const content = e.isSymbolicLink() ? "(link)" : await readFile(path, "utf8");
      return [path.slice(root.length + 1), content] as const;
    }),
  );
  return Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : 1)));
}

const made: string[] = [];
async function copyOf(source: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "exports-migrate-"));
  made.push(dir);
  await cp(source, dir, { recursive: true });
  return dir;
}
afterEach(async () => {
  await Promise.all(made.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

describe("exports migrate", () => {
  it("rewrites a repository of the old shape into the golden files, printing each change at its file and line", async () => {
    const repo = await copyOf(LEGACY);
    const { code, stdout } = await cli("migrate", "--root", repo);
    expect(code).toBe(0);
    expect(await snapshot(repo)).toEqual(await snapshot(AFTER));
    expect(stdout).toContain(
      "pull_datasets/cjs_dashboard.yaml:1:9: renamed to pull_datasets/cjs-dashboard.yaml to match name: cjs-dashboard, which decides the bucket and prefix\n",
    );
    expect(stdout).toContain(
      "push_datasets/court_listings.yaml:3:3: target_bucket: renamed to bucket, the same value\n",
    );
    expect(stdout).toContain(
      "pull_datasets/yj-referrals.yaml:7:1: bucket_versioning: the one-element list becomes true\n",
    );
    expect(stdout).toContain("Migrated 4 of 6 dataset files (10 changes).");
  });

  it("leaves every file without expires so, and warns of each on stderr at its name", async () => {
    const repo = await copyOf(LEGACY);
    const { code, stderr } = await cli("migrate", "--root", repo);
    expect(code).toBe(0);
    const warnings = stderr.split("\n").filter((l) => l.endsWith("[expires-missing]"));
    expect(warnings).toHaveLength(6);
    expect(warnings).toContain(
      "pull_datasets/cjs-dashboard.yaml:1:3: warning pull dataset pull_datasets/cjs-dashboard.yaml has no end date, so its access lasts until its file is removed; migrate does not add one: found no expires. Add expires: <the last day of its agreement, YYYY-MM-DD> when the agreement is next reviewed (npx exports new shows the form). [expires-missing]",
    );
    for (const text of Object.values(await snapshot(repo))) expect(text).not.toMatch(/^expires:/m);
  });

  it("is idempotent: a second run changes nothing and says so", async () => {
    const repo = await copyOf(AFTER);
    const before = await snapshot(repo);
    const { code, stdout } = await cli("migrate", "--root", repo);
    expect(code).toBe(0);
    expect(stdout).toBe("Nothing to migrate: all 6 dataset files are in today's form.\n");
    expect(await snapshot(repo)).toEqual(before);
  });

  it("leaves Google and Azure principals alone: today's keys, which the old files never had", async () => {
    const repo = await copyOf(LEGACY);
    const federated = [
      "name: cloud_readers",
      "google_service_accounts:",
      '  - id: "104729384756102938475"',
      "    email: reader@analytics-prod.iam.gserviceaccount.com",
      "azure_workloads:",
      "  - tenant: 0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d",
      "    object_id: 6f7e8d9c-0b1a-4c2d-9e3f-4a5b6c7d8e9f",
      "    audience: api://data-exports-reader",
      "users:",
      "  - alpha_user_ana",
      "",
    ].join("\n");
    await writeFile(join(repo, "pull_datasets/cloud_readers.yaml"), federated);
    const { code, stdout } = await cli("migrate", "--root", repo);
    expect(code).toBe(0);
    expect(stdout).not.toContain("cloud_readers");
    expect(await readFile(join(repo, "pull_datasets/cloud_readers.yaml"), "utf8")).toBe(federated);
    const migrated = await snapshot(repo);
    delete migrated["pull_datasets/cloud_readers.yaml"];
    expect(migrated).toEqual(await snapshot(AFTER));
  });

  it.each([
    {
      name: "two files would take one name",
      add: { "pull_datasets/cjs_dashboard_copy.yaml": "name: cjs-dashboard\nusers:\n  - alpha_user_x\n" },
      says: "pull_datasets/cjs_dashboard.yaml:1:1: error this file and 1 other(s) would all become pull_datasets/cjs-dashboard.yaml",
    },
    {
      name: "a rename would overwrite a file",
      add: { "push_datasets/prison_population_feed.yaml": "name: other\n" },
      says: "push_datasets/prison_pop.yaml:1:1: error this file would be renamed to push_datasets/prison_population_feed.yaml, which already exists",
    },
    {
      name: "a file does not parse",
      add: { "push_datasets/broken.yaml": "name: broken\nusers: [alpha_user_x\n" },
      says: "push_datasets/broken.yaml:",
    },
  ])("refuses, changing no file at all, when $name", async ({ add, says }) => {
    const repo = await copyOf(LEGACY);
    for (const [path, text] of Object.entries(add)) await writeFile(join(repo, path), text);
    const before = await snapshot(repo);
    const { code, stdout, stderr } = await cli("migrate", "--root", repo);
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(stderr).toContain(says);
    expect(stderr).toContain("exports migrate: nothing was changed; fix the files above, then run it again.");
    expect(await snapshot(repo)).toEqual(before);
  });

  it("refuses a dataset file that is a symbolic link, without reading through it", async () => {
    const repo = await copyOf(LEGACY);
    await writeFile(join(repo, "secret.txt"), "name: secret-content\n");
    await symlink(join(repo, "secret.txt"), join(repo, "pull_datasets/linked.yaml"));
    const before = await snapshot(repo);
    const { code, stderr } = await cli("migrate", "--root", repo);
    expect(code).toBe(1);
    expect(stderr).toContain(
      "pull_datasets/linked.yaml:1:1: error migrate rewrites only regular UTF-8 files: found a symbolic link",
    );
    expect(stderr).not.toContain("secret-content");
    expect(await snapshot(repo)).toEqual(before);
  });

  it("exits 2 where there are no dataset folders", async () => {
    const empty = await mkdtemp(join(tmpdir(), "exports-migrate-empty-"));
    made.push(empty);
    expect((await cli("migrate", "--root", empty)).code).toBe(2);
  });
});
