import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../cli/runCli";
import { counted } from "./counted";
import { git } from "../exampleRepository";
import { removedDatasets } from "../../src/config/earlierRemovals";
import { loadConfig } from "../../src/config/loadConfig";
import { leftBehind } from "../../src/config/takeOvers";
import { baseConfig } from "../../src/report/baseConfig";
import {
  BEFORE,
  OLD_PULL,
  OLD_PUSH,
  change,
  pullFile,
  pushFile,
  removeRepository,
  takeOverRepository,
} from "./takeOverRepository";

interface Found {
  errors: { file: string; line: number; column: number; rule: string; message: string }[];
}

async function validate(root: string, base = "main", withBase = true): Promise<{ code: number; found: Found }> {
  const args = ["validate", "--root", root, "--format", "json", ...(withBase ? ["--base", base] : [])];
  const { code, stdout, stderr } = await runCli(args);
  expect(stderr).toBe("");
  return { code, found: JSON.parse(stdout) as Found };
}

const NEW_READER = "arn:aws:iam::444455556666:role/someone-else";

// main: this repository's datasets, then a commit that removes legal_aid_costs and court_listings_weekly.
let repo: string;
let removal: string;
beforeAll(async () => {
  ({ repo, removal } = await takeOverRepository("exports-take-over-"));
}, 60_000);
afterAll(() => removeRepository(repo));

describe("validate --base: a dataset the change adds onto what a removed dataset left behind", () => {
  it.each([
    {
      name: "the same pull file added back, with new readers",
      files: { [OLD_PULL]: pullFile("legal_aid_costs", NEW_READER) },
    },
    {
      name: "the removed pull name declared from another file",
      files: { "pull_datasets/costs_again.yaml": pullFile("legal_aid_costs", NEW_READER) },
    },
    {
      name: "the same push dataset added back, to the same target",
      files: { [OLD_PUSH]: pushFile("court_listings_weekly", "listings-partner-inbound") },
    },
    {
      name: "another pull name whose bucket is the retained one, saying takes_over",
      files: { "pull_datasets/legal-aid-costs.yaml": pullFile("legal-aid-costs", NEW_READER, "legal_aid_costs") },
    },
    {
      name: "the push name re-used to another target, saying takes_over",
      files: { [OLD_PUSH]: pushFile("court_listings_weekly", "new-team-inbound", "court_listings_weekly") },
    },
  ])("accepts $name", async ({ files }) => {
    await change(repo, files);
    const { code, found } = await validate(repo);
    expect(found.errors).toEqual([]);
    expect(code).toBe(0);
  });

  it("refuses another pull name whose bucket is the retained one, at its name, with a fix that validates", async () => {
    const path = "pull_datasets/legal-aid-costs.yaml";
    await change(repo, { [path]: pullFile("legal-aid-costs", NEW_READER) });
    const { code, found } = await validate(repo);
    expect(code).toBe(1);
    expect(found.errors).toEqual([
      {
        file: path,
        line: 1,
        column: 7,
        rule: "takes-over",
        message: expect.stringContaining(
          `its bucket s3://mojap-legal-aid-costs is the one legal_aid_costs (${OLD_PULL}) left behind, kept with its data, when it was removed in commit ${removal}: a new dataset may not take that over in silence`,
        ) as unknown,
      },
    ]);
    const message = found.errors[0]?.message ?? "";
    expect(message).toContain("add the line takes_over: legal_aid_costs");
    // The fix, applied as it says, is valid.
    await writeFile(join(repo, path), `${await readFile(join(repo, path), "utf8")}takes_over: legal_aid_costs\n`);
    expect((await validate(repo)).found.errors).toEqual([]);
  });

  it("refuses the push name re-used to another target, naming where the waiting files would go", async () => {
    const path = "push_datasets/listings.yaml";
    await change(repo, { [path]: pushFile("court_listings_weekly", "new-team-inbound") });
    const { found } = await validate(repo);
    expect(found.errors).toEqual([
      expect.objectContaining({
        file: path,
        line: 1,
        column: 7,
        rule: "takes-over",
        message: expect.stringContaining(
          `files that court_listings_weekly (${OLD_PUSH}) left waiting under s3://mojap-hub-exports/court_listings_weekly/, bound for s3://listings-partner-inbound, when it was removed in commit ${removal} would go to s3://new-team-inbound`,
        ) as unknown,
      }),
    ]);
    expect(found.errors[0]?.message).toContain(
      "add the line takes_over: court_listings_weekly; otherwise choose a name no push dataset has had, or send to the same target as before (bucket: listings-partner-inbound).",
    );
    // Either fix, applied, is valid.
    await change(repo, { [path]: pushFile("court_listings_weekly", "listings-partner-inbound") });
    expect((await validate(repo)).found.errors).toEqual([]);
    await change(repo, { [path]: pushFile("court_listings_weekly", "new-team-inbound", "court_listings_weekly") });
    expect((await validate(repo)).found.errors).toEqual([]);
  });

  it("refuses a rename within the change itself: the base's dataset is removed by this change", async () => {
    const path = "pull_datasets/legal-aid-costs.yaml";
    await change(repo, { [path]: pullFile("legal-aid-costs", NEW_READER) });
    const { found } = await validate(repo, BEFORE);
    expect(found.errors).toEqual([
      expect.objectContaining({
        file: path,
        rule: "takes-over",
        message: expect.stringContaining(
          "left behind, kept with its data, when it is removed by this change",
        ) as unknown,
      }),
    ]);
  });

  it("refuses a takes_over that names nothing left behind, at its value, and the fix is to remove it", async () => {
    const path = "pull_datasets/brand_new.yaml";
    await change(repo, { [path]: pullFile("brand_new", NEW_READER, "legal_aid_costs") });
    const { found } = await validate(repo);
    expect(found.errors).toEqual([
      expect.objectContaining({
        file: path,
        line: 6,
        column: 13,
        rule: "takes-over",
        message: expect.stringContaining(
          "takes_over names legal_aid_costs, but no removed dataset left behind this dataset's bucket s3://mojap-brand-new",
        ) as unknown,
      }),
    ]);
    expect(found.errors[0]?.message).toContain("Remove the takes_over line");
  });

  it("refuses a takes_over that names another dataset than the one left behind, with the name to write", async () => {
    const path = "pull_datasets/legal-aid-costs.yaml";
    await change(repo, { [path]: pullFile("legal-aid-costs", NEW_READER, "sentencing_statistics") });
    const { found } = await validate(repo);
    expect(found.errors.map((e) => [e.rule, e.line])).toEqual([["takes-over", 6]]);
    expect(found.errors[0]?.message).toContain("Write takes_over: legal_aid_costs.");
  });

  it("judges only datasets the change adds: once in the base, a take-over is history", async () => {
    const path = "pull_datasets/legal-aid-costs.yaml";
    await change(repo, { [path]: pullFile("legal-aid-costs", NEW_READER) });
    // Without a base nothing is new, and the history is not read for this rule.
    expect((await validate(repo, "main", false)).found.errors).toEqual([]);
    // Merged before this rule, or with takes_over later removed: a base that has it judges it no more.
    await git(repo, "checkout", "-q", "-b", "merged");
    try {
      await git(repo, "add", path);
      await git(repo, "commit", "-qm", "an earlier, silent take-over");
      await writeFile(join(repo, path), pullFile("legal-aid-costs", "arn:aws:iam::444455556666:role/a-third"));
      expect((await validate(repo, "merged")).found.errors).toEqual([]);
    } finally {
      await git(repo, "checkout", "-q", "-f", "main");
    }
  });

  it("refuses a takes_over that is not a dataset name, at its value", async () => {
    await change(repo, { "pull_datasets/brand_new.yaml": pullFile("brand_new", NEW_READER, "legal_aid_costs.yaml") });
    const { found } = await validate(repo, "main", false);
    expect(found.errors).toEqual([
      expect.objectContaining({
        rule: "name-format",
        line: 6,
        message: expect.stringContaining("Write takes_over: legal_aid_costs.") as unknown,
      }),
    ]);
  });
});

describe("validate --base: what the history says a removed dataset was", () => {
  let other: string;
  let renamed: string;
  let archived: string;
  let renamedInPlace: string;
  beforeAll(async () => {
    ({ repo: other } = await takeOverRepository("exports-take-over-history-"));
    await git(other, "checkout", "-q", BEFORE);
    await git(other, "checkout", "-q", "-b", "history");
    // A rename that changes the name too: git would call it a rename; its old prefix is left all the same.
    const daily = "push_datasets/court_listings_daily.yaml";
    await git(other, "mv", OLD_PUSH, daily);
    const text = await readFile(join(other, daily), "utf8");
    await writeFile(join(other, daily), text.replace("name: court_listings_weekly", "name: court_listings_daily"));
    await git(other, "commit", "-qam", "rename court_listings_weekly");
    renamed = (await git(other, "rev-parse", "--short", "HEAD")).stdout.trim();
    // A file whose name is not its file's: the name decides the bucket.
    await writeFile(join(other, "pull_datasets/old_file.yaml"), pullFile("costs_archive", NEW_READER));
    await git(other, "add", ".");
    await git(other, "commit", "-qm", "an archive");
    await git(other, "rm", "-q", "pull_datasets/old_file.yaml");
    await git(other, "commit", "-qm", "its removal");
    archived = (await git(other, "rev-parse", "--short", "HEAD")).stdout.trim();
    // Two datasets renamed by their name: line alone, the file staying where it is: no file is
    // removed, but the old names' prefix and bucket are left all the same.
    await writeFile(join(other, "push_datasets/feed.yaml"), pushFile("feed_a", "feed-inbound"));
    await writeFile(join(other, "pull_datasets/shared.yaml"), pullFile("shared_a", NEW_READER));
    await git(other, "add", ".");
    await git(other, "commit", "-qm", "two datasets");
    await writeFile(join(other, "push_datasets/feed.yaml"), pushFile("feed_b", "feed-inbound"));
    await writeFile(join(other, "pull_datasets/shared.yaml"), pullFile("shared_b", NEW_READER));
    await git(other, "commit", "-qam", "new names, in place");
    renamedInPlace = (await git(other, "rev-parse", "--short", "HEAD")).stdout.trim();
  }, 60_000);
  afterAll(() => removeRepository(other));

  it("counts a rename that changed the name as the old name's removal", async () => {
    await change(other, { "push_datasets/listings.yaml": pushFile("court_listings_weekly", "new-team-inbound") });
    const { found } = await validate(other, "history");
    expect(found.errors.map((e) => [e.rule, e.file])).toEqual([["takes-over", "push_datasets/listings.yaml"]]);
    expect(found.errors[0]?.message).toContain(`(${OLD_PUSH}) left waiting`);
    expect(found.errors[0]?.message).toContain(`removed in commit ${renamed}`);
  });

  it("counts a name changed in place, the file kept, as the old name's removal", async () => {
    await change(other, {
      "push_datasets/feed_a.yaml": pushFile("feed_a", "someone-elses-inbound"),
      "pull_datasets/shared-a.yaml": pullFile("shared-a", NEW_READER),
    });
    const { found } = await validate(other, "history");
    expect(found.errors.map((e) => [e.rule, e.file])).toEqual([
      ["takes-over", "push_datasets/feed_a.yaml"],
      ["takes-over", "pull_datasets/shared-a.yaml"],
    ]);
    expect(found.errors[1]?.message).toContain(
      `its bucket s3://mojap-shared-a is the one shared_a (pull_datasets/shared.yaml) left behind, kept with its data, when it was removed in commit ${renamedInPlace}`,
    );
    expect(found.errors[0]?.message).toContain(
      `files that feed_a (push_datasets/feed.yaml) left waiting under s3://mojap-hub-exports/feed_a/, bound for s3://feed-inbound, when it was removed in commit ${renamedInPlace}`,
    );
  });

  it("knows the bucket a pull name changed in place left behind, as no push dataset's target", async () => {
    await change(other, { "push_datasets/into_shared.yaml": pushFile("into_shared", "mojap-shared-a") });
    const { found } = await validate(other, "history", false);
    expect(found.errors.map((e) => [e.rule, e.file])).toEqual([
      ["target-pull-bucket", "push_datasets/into_shared.yaml"],
    ]);
  });

  it("matches by the name the removed file gave, not by its file's name", async () => {
    await change(other, { "pull_datasets/costs-archive.yaml": pullFile("costs-archive", NEW_READER) });
    const { found } = await validate(other, "history");
    expect(found.errors.map((e) => e.message)).toEqual([
      expect.stringContaining(
        `its bucket s3://mojap-costs-archive is the one costs_archive (pull_datasets/old_file.yaml) left behind, kept with its data, when it was removed in commit ${archived}`,
      ),
    ]);
  });
});

describe("reading the history for take-overs", () => {
  it("happens only when the change adds a dataset, once", async () => {
    await change(repo, { "pull_datasets/sentencing_statistics.yaml": pullFile("sentencing_statistics", NEW_READER) });
    const base = await baseConfig(repo, "main");
    const unchangedNames = counted(removedDatasets);
    expect(await leftBehind(repo, "main", base, (await loadConfig(repo)).value, unchangedNames.read)).toEqual([]);
    expect(unchangedNames.calls).toEqual([]);

    await change(repo, { "pull_datasets/brand_new.yaml": pullFile("brand_new", NEW_READER) });
    const adding = counted(removedDatasets);
    const left = await leftBehind(repo, "main", base, (await loadConfig(repo)).value, adding.read);
    expect(adding.calls).toEqual([[repo, "main"]]);
    expect(left.map((l) => [l.kind, l.name, l.commit])).toEqual([
      ["pull", "legal_aid_costs", removal],
      ["push", "court_listings_weekly", removal],
    ]);
  });
});
