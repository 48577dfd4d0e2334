import { execFile } from "node:child_process";
import { cp, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run } from "../../src/cli/program";
import { FIXTURES } from "../support";
import { REPO } from "../synth";

const git = (cwd: string, ...args: string[]) =>
  promisify(execFile)("git", ["-c", "user.email=t@example.org", "-c", "user.name=test", ...args], { cwd });

async function cli(...args: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await run(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

let repo: string;
beforeAll(async () => {
  repo = await mkdtemp(join(tmpdir(), "exports-plan-"));
  for (const item of ["push_datasets", "pull_datasets", "exports.settings.yaml"])
    await cp(join(REPO, item), join(repo, item), { recursive: true });
  await git(repo, "init", "-q", "-b", "main");
  await git(repo, "add", ".");
  await git(repo, "commit", "-qm", "base");
  // The change under review: one dataset added, one changed, one removed.
  await writeFile(
    join(repo, "push_datasets/new_feed.yaml"),
    "name: new_feed\nbucket: partner-feed-inbound\nusers:\n  - alpha_user_new-person\n",
  );
  await writeFile(
    join(repo, "pull_datasets/legal_aid_costs.yaml"),
    "name: legal_aid_costs\npull_arns:\n  - arn:aws:iam::777788889999:role/legal-aid-analytics\nusers:\n  - alpha_user_priya-n\nbucket_versioning: true\nallow_push: true\n",
  );
  await rm(join(repo, "pull_datasets/sentencing_statistics.yaml"));
}, 60_000);
afterAll(() => rm(repo, { recursive: true, force: true }));

describe("exports plan", () => {
  it("says in plain words who may do what for every dataset", async () => {
    const { code, stdout } = await cli("plan", "--root", REPO);
    expect(code).toBe(0);
    expect(stdout).toContain(
      "alpha_user_priya-n may write files under s3://mojap-hub-exports/court_listings_weekly/ (not read, list or delete them)",
    );
    expect(stdout).toContain(
      "each file is copied to s3://listings-partner-inbound/court_listings_weekly/… with the same key, then kept in the export bucket",
    );
    expect(stdout).toContain(
      "arn:aws:iam::111122223333:role/stats-reader may list and read objects in s3://mojap-sentencing-statistics (not write)",
    );
    expect(stdout).toContain('"AWS": "arn:aws:iam::123456789012:role/service-role/export_court_listings_weekly-move"');
    expect(stdout.trimEnd().split("\n").at(-1)).toBe("Plan: 5 datasets.");
  });

  it("with --base shows only what a change adds, changes and removes, as JSON", async () => {
    const { code, stdout } = await cli("plan", "--root", repo, "--base", "main", "--format", "json");
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as {
      base: string;
      datasets: { name: string; change: string; added: string[]; removed: string[] }[];
    };
    const byName = Object.fromEntries(report.datasets.map((d) => [d.name, d]));
    expect(byName.new_feed).toMatchObject({
      change: "added",
      removed: [],
      added: expect.arrayContaining([
        "alpha_user_new-person may write files under s3://mojap-hub-exports/new_feed/ (not read, list or delete them)",
      ]),
    });
    expect(byName.legal_aid_costs).toMatchObject({
      change: "changed",
      // The dataset's Azure workload's line changes with it.
      removed: expect.arrayContaining([
        "arn:aws:iam::777788889999:role/legal-aid-analytics may list and read objects in s3://mojap-legal-aid-costs (not write)",
      ]),
      added: expect.arrayContaining([
        "arn:aws:iam::777788889999:role/legal-aid-analytics may list, read and write objects in s3://mojap-legal-aid-costs",
      ]),
    });
    expect(byName.sentencing_statistics).toMatchObject({ change: "removed", added: [] });
    expect(byName.court_listings_weekly?.change).toBe("unchanged");
  }, 60_000);

  it("with --base gives a pull-request comment in Markdown: a diff per changed dataset and the receiving statement", async () => {
    const { stdout } = await cli("plan", "--root", repo, "--base", "main", "--format", "markdown");
    expect(stdout.split("\n")[0]).toBe("<!-- data-exports plan -->");
    expect(stdout).toContain("against main: 1 added, 1 changed, 1 removed, 3 unchanged.");
    expect(stdout).toContain("#### ➕ push dataset `new_feed` (added)");
    expect(stdout).toMatch(
      /```diff\n- arn:aws:iam::777788889999:role\/legal-aid-analytics may list and read objects in s3:\/\/mojap-legal-aid-costs \(not write\)\n(?:- .*\n)*\+ arn:aws:iam::777788889999:role\/legal-aid-analytics may list, read and write/,
    );
    expect(stdout).toContain("_the dataset's resources go, but a pull bucket and its data are kept._");
    expect(stdout).toContain('"Resource": "arn:aws:s3:::partner-feed-inbound/new_feed/*"');
    expect(stdout).not.toContain("court_listings_weekly");
  }, 60_000);

  it("exits 2 for a base git cannot find, and 1 with located errors for invalid datasets", async () => {
    const missing = await cli("plan", "--root", repo, "--base", "no-such-branch");
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('git cannot find "no-such-branch"');
    const invalid = await cli("plan", "--root", join(FIXTURES, "repos/broken"));
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toContain("push_datasets/team_exports.yaml:2:9: error");
  }, 60_000);
});

describe("exports synth", () => {
  it("writes deployable templates and the bundled mover offline, with cdk-nag's checks", async () => {
    const out = await mkdtemp(join(tmpdir(), "exports-synth-cli-"));
    const { code, stdout } = await cli("synth", "--root", REPO, "--out", out);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Synthesized 58 stacks \(\d+ resources\) into /);
    const files = await readdir(out);
    expect(files).toContain("DataExports-Core.template.json");
    expect(files).toContain("manifest.json");
    const assets = files.filter((f) => f.startsWith("asset."));
    const bundled = await Promise.all(assets.map((a) => readdir(join(out, a)).catch(() => [])));
    expect(bundled.flat()).toContain("index.mjs");
    await rm(out, { recursive: true, force: true });
  }, 180_000);
});
