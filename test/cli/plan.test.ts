import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exampleRepository, git } from "../exampleRepository";
import { FIXTURES } from "../support";
import { REPO } from "../synth";
import { runCli } from "./runCli";

const cli = (...args: string[]) => runCli(args);

let repo: string;
beforeAll(async () => {
  repo = await exampleRepository("exports-plan-", "base");
  // The change under review: one dataset added, one changed, one removed.
  await writeFile(
    join(repo, "push_datasets/new_feed.yaml"),
    "name: new_feed\nbucket: partner-feed-inbound\nusers:\n  - alpha_user_new-person\n",
  );
  await writeFile(
    join(repo, "pull_datasets/legal_aid_costs.yaml"),
    `${(await readFile(join(REPO, "pull_datasets/legal_aid_costs.yaml"), "utf8")).trimEnd()}\nallow_push: true\n`,
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
    // Paperwork, and its absence, under each dataset's heading.
    expect(stdout).toContain(
      "push dataset court_listings_weekly (push_datasets/court_listings_weekly.yaml)\n  paperwork: DSA-2026-014\n",
    );
    expect(stdout).toContain(
      "pull dataset legal_aid_costs (pull_datasets/legal_aid_costs.yaml)\n  paperwork: none given\n",
    );
    expect(stdout.trimEnd().split("\n").at(-1)).toBe("Plan: 6 datasets.");
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
    expect(stdout).toContain("Against `main`: 1 added, 1 changed, 1 removed, 4 unchanged.");
    expect(stdout).toContain("#### ➕ push dataset `new_feed` (added)");
    expect(stdout).toMatch(
      /```diff\n- arn:aws:iam::777788889999:role\/legal-aid-analytics may list and read objects in s3:\/\/mojap-legal-aid-costs \(not write\)\n(?:- .*\n)*\+ arn:aws:iam::777788889999:role\/legal-aid-analytics may list, read and write/,
    );
    expect(stdout).toContain("_the dataset's resources go, but a pull bucket and its data are kept._");
    expect(stdout).toContain('"Resource": "arn:aws:s3:::partner-feed-inbound/new_feed/*"');
    expect(stdout).not.toContain("court_listings_weekly");
  }, 60_000);

  it("gives each dataset's prefix or bucket, target and grants as structured JSON, beside the sentences", async () => {
    const { code, stdout } = await cli("plan", "--root", repo, "--base", "main", "--format", "json");
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as {
      summary: Record<string, number>;
      datasets: Record<string, unknown>[];
    };
    expect(report.summary).toEqual({ datasets: 7, added: 1, changed: 1, removed: 1, unchanged: 4 });
    const byName = Object.fromEntries(report.datasets.map((d) => [d.name, d]));
    expect(byName.new_feed).toMatchObject({
      kind: "push",
      exportPrefix: "s3://mojap-hub-exports/new_feed/",
      target: { bucket: "partner-feed-inbound", prefix: "new_feed/", keepFiles: false },
      moverRole: "arn:aws:iam::123456789012:role/service-role/export_new_feed-move",
      users: ["alpha_user_new-person"],
    });
    expect(byName.new_feed?.grants).toContainEqual({
      principal: "arn:aws:iam::123456789012:role/alpha_user_new-person",
      actions: ["s3:PutObject", "s3:AbortMultipartUpload"],
      resources: ["arn:aws:s3:::mojap-hub-exports/new_feed/*"],
      grantedBy: "user role policy",
    });
    expect(byName.new_feed?.grants).toContainEqual(
      expect.objectContaining({
        principal: "arn:aws:iam::123456789012:role/service-role/export_new_feed-move",
        resources: ["arn:aws:s3:::partner-feed-inbound/new_feed/*"],
        grantedBy: "mover role policy",
      }),
    );
    const reader = "arn:aws:iam::777788889999:role/legal-aid-analytics";
    expect(byName.legal_aid_costs).toMatchObject({
      change: "changed",
      bucket: "mojap-legal-aid-costs",
      pullPrincipals: [reader],
      allowPush: true,
      grantsRemoved: [],
      grantsAdded: [
        {
          principal: reader,
          actions: ["s3:PutObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"],
          resources: ["arn:aws:s3:::mojap-legal-aid-costs/*"],
          conditions: { ArnEquals: { "aws:PrincipalArn": reader } },
          grantedBy: "pull bucket policy",
        },
        // Its Azure workload writes too, through the dataset's federated role.
        {
          principal: "arn:aws:iam::123456789012:role/service-role/pull_legal_aid_costs-federated",
          actions: ["s3:PutObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"],
          resources: ["arn:aws:s3:::mojap-legal-aid-costs/*"],
          grantedBy: "federated role policy",
        },
      ],
    });
    expect(byName.legal_aid_costs?.azureWorkloads).toEqual([
      {
        tenant: "3f2a9c1e-7b4d-4e8a-9c6f-1d2e3f4a5b6c",
        objectId: "8d7c6b5a-4e3f-4a2b-9c1d-0e9f8a7b6c5d",
        audience: "api://legal-aid-data-exports",
      },
    ]);
    expect(byName.sentencing_statistics).toMatchObject({ change: "removed", grantsAdded: [] });
    expect((byName.sentencing_statistics?.grantsRemoved as unknown[]).length).toBeGreaterThan(0);
  });

  it("shows changed settings and other files as such, in every format", async () => {
    const changed = await mkdtemp(join(tmpdir(), "exports-plan-settings-"));
    await cp(repo, changed, { recursive: true });
    const settings = join(changed, "exports.settings.yaml");
    await writeFile(settings, (await readFile(settings, "utf8")).replace("region: eu-west-1", "region: eu-west-2"));
    await writeFile(join(changed, "pipeline.sh"), "echo hi\n");
    await git(changed, "add", "pipeline.sh");
    const text = await cli("plan", "--root", changed, "--base", "main");
    expect(text.stdout).toContain("settings changed (affects every dataset; needs a maintainer's review)");
    expect(text.stdout).toContain("  region: eu-west-1 -> eu-west-2");
    expect(text.stdout).toContain(
      "other files changed (code, workflows or docs; need a maintainer's review)\n  pipeline.sh",
    );
    const markdown = await cli("plan", "--root", changed, "--base", "main", "--format", "markdown");
    expect(markdown.stdout).toContain("#### ⚠️ Settings change");
    expect(markdown.stdout).toContain("- `region`: `eu-west-1` → `eu-west-2`");
    expect(markdown.stdout).toContain("#### ⚠️ Other files change");
    const json = JSON.parse((await cli("plan", "--root", changed, "--base", "main", "--format", "json")).stdout) as {
      repository: unknown;
    };
    expect(json.repository).toEqual({
      settings: [{ key: "region", before: "eu-west-1", after: "eu-west-2" }],
      settingsFileChanged: true,
      otherFiles: ["pipeline.sh"],
    });
    await rm(changed, { recursive: true, force: true });
  });

  it("with --max-length writes a summary that links to --full-plan-url when the plan is longer", async () => {
    const url = "https://github.com/org/repo/actions/runs/1/artifacts/2";
    const args = ["plan", "--root", repo, "--base", "main", "--format", "markdown"];
    const full = await cli(...args);
    expect(full.stdout.length).toBeGreaterThan(1_500);
    expect((await cli(...args, "--max-length", "65536", "--full-plan-url", url)).stdout).toBe(full.stdout);
    const { code, stdout } = await cli(...args, "--max-length", "1500", "--full-plan-url", url);
    expect(code).toBe(0);
    expect(stdout.length).toBeLessThanOrEqual(1_500);
    expect(stdout).toContain(`**This is a summary.** The full plan is ${full.stdout.length} characters`);
    expect(stdout).toContain(`The full plan is here: <${url}>.`);
    expect(stdout).toContain("- ➕ push dataset `new_feed` (added): 4 lines added, 0 removed");
  });

  it("refuses a --max-length too short to hold a summary", async () => {
    const { code, stderr } = await cli("plan", "--root", repo, "--format", "markdown", "--max-length", "10");
    expect(code).toBe(2);
    expect(stderr).toContain("--max-length must be a whole number of at least 1000");
  });

  it("with --base lays a duplicate name on the file the change added, as validate --base does", async () => {
    const changed = await mkdtemp(join(tmpdir(), "exports-plan-duplicate-"));
    await cp(repo, changed, { recursive: true });
    await writeFile(
      join(changed, "push_datasets/listings_again.yaml"),
      "name: court_listings_weekly\nbucket: partner-feed-inbound\nusers:\n  - alpha_user_new-person\n",
    );
    const { code, stderr } = await cli("plan", "--root", changed, "--base", "main");
    expect(code).toBe(1);
    const errors = (text: string) => text.split("\n").filter((l) => l.includes(": error"));
    expect(errors(stderr)).toEqual([
      expect.stringMatching(
        /^push_datasets\/listings_again\.yaml:1:7: error push_datasets\/court_listings_weekly\.yaml also declares .*\[name-unique\]$/,
      ),
    ]);
    const validate = await cli("validate", "--root", changed, "--base", "main");
    expect(errors(stderr)).toEqual(errors(validate.stdout));
    await rm(changed, { recursive: true, force: true });
  });

  it("exits 2 for a base git cannot find, and 1 with located errors for invalid datasets", async () => {
    const missing = await cli("plan", "--root", repo, "--base", "no-such-branch");
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('git cannot find "no-such-branch"');
    const invalid = await cli("plan", "--root", join(FIXTURES, "repos/broken"));
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toContain("push_datasets/team_exports.yaml:2:9: error");
  }, 60_000);
});
