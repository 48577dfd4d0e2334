import { mkdtemp, readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/loadConfig";
import { emptyRepository } from "./emptyRepository";
import { answering, runCli } from "./runCli";

let root: string;
beforeEach(async () => {
  root = await emptyRepository("exports-new-");
});
afterEach(() => rm(root, { recursive: true, force: true }));

/** Runs `exports new`, answering each prompt with the next answer only once it is asked, as a person would. */
const cli = (args: string[], answers: string[] = []) =>
  runCli(["new", ...args, "--root", root], { input: answering(answers).input });
/** A pull dataset given whole by its flags. */
const SHARED = ["pull", "shared", "--pull-arn", "arn:aws:iam::111122223333:role/r", "--user", "alpha_user_a"];

describe("exports new", () => {
  it("writes a push dataset from flags that validates, with the editor schema line", async () => {
    const { code, stdout } = await cli([
      "push",
      "court_listings",
      "--bucket",
      "listings-inbound",
      "--user",
      "alpha_user_jane",
      "alpha_user_sam",
      "--keep-files",
    ]);
    expect(code).toBe(0);
    expect(stdout).toContain("Wrote push_datasets/court_listings.yaml");
    const text = await readFile(join(root, "push_datasets/court_listings.yaml"), "utf8");
    expect(text.split("\n")[0]).toBe("# yaml-language-server: $schema=../schemas/push-dataset.schema.json");
    const { value, errors, warnings } = await loadConfig(root);
    expect([...errors, ...warnings]).toEqual([]);
    expect(value.push).toEqual([
      expect.objectContaining({
        name: "court_listings",
        bucket: "listings-inbound",
        users: ["alpha_user_jane", "alpha_user_sam"],
        keepFiles: true,
      }),
    ]);
  });

  it("writes the target bucket's account with --bucket-owner, quoted, and refuses the platform's own", async () => {
    const args = ["push", "feed", "--bucket", "feed-inbound", "--user", "alpha_user_jane", "--bucket-owner"];
    const wrong = await cli([...args, "123456789012"]);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain("bucket_owner is the platform's own account");
    expect(await readdir(join(root, "push_datasets"))).toEqual([]);
    expect((await cli([...args, "012345678901"])).code).toBe(0);
    const text = await readFile(join(root, "push_datasets/feed.yaml"), "utf8");
    expect(text).toContain('bucket: feed-inbound\nbucket_owner: "012345678901"\n');
    const { value, errors } = await loadConfig(root);
    expect(errors).toEqual([]);
    expect(value.push[0]?.bucketOwner).toBe("012345678901");
  });

  it("writes notify addresses and notify_deliveries, and refuses a bad address with the rule's message", async () => {
    const base = ["push", "notified", "--bucket", "listings-inbound", "--user", "alpha_user_jane"];
    const bad = await cli([...base, "--notify", "Data Team <team@example.org>"]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("[notify]");
    const { code } = await cli([...base, "--notify", "team@example.org", "ana@example.org", "--notify-deliveries"]);
    expect(code).toBe(0);
    const { value, errors, warnings } = await loadConfig(root);
    expect([...errors, ...warnings]).toEqual([]);
    expect(value.push).toEqual([
      expect.objectContaining({
        name: "notified",
        notify: { emails: ["team@example.org", "ana@example.org"], deliveries: true },
      }),
    ]);
  });

  it("writes a pull dataset from flags that validates", async () => {
    const { code } = await cli([
      "pull",
      "shared_stats",
      "--pull-arn",
      "arn:aws:iam::111122223333:role/reader",
      "--user",
      "alpha_user_jane",
      "--allow-push",
      "--versioning",
    ]);
    expect(code).toBe(0);
    const { value, errors } = await loadConfig(root);
    expect(errors).toEqual([]);
    expect(value.pull).toEqual([
      expect.objectContaining({
        name: "shared_stats",
        bucket: "mojap-shared-stats",
        allowPush: true,
        bucketVersioning: true,
      }),
    ]);
  });

  it("writes a pull dataset read only by a Google service account and an Azure workload, from flags", async () => {
    const { code, stderr } = await cli([
      "pull",
      "cloud_share",
      "--google-service-account",
      "104729384756102938475:reader@analytics-prod.iam.gserviceaccount.com",
      "--azure-workload",
      "0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d/6f7e8d9c-0b1a-4c2d-9e3f-4a5b6c7d8e9f/api://data-exports-reader",
      "--user",
      "alpha_user_jane",
    ]);
    expect(code, stderr).toBe(0);
    const { value, errors } = await loadConfig(root);
    expect(errors).toEqual([]);
    expect(value.pull).toEqual([
      expect.objectContaining({
        name: "cloud_share",
        pullArns: [],
        googleServiceAccounts: [
          { id: "104729384756102938475", email: "reader@analytics-prod.iam.gserviceaccount.com" },
        ],
        azureWorkloads: [
          {
            tenant: "0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d",
            objectId: "6f7e8d9c-0b1a-4c2d-9e3f-4a5b6c7d8e9f",
            audience: "api://data-exports-reader",
          },
        ],
      }),
    ]);
  });

  it("asks for what is missing and refuses each bad answer with the rule's message until it is right", async () => {
    const { code, stderr } = await cli(
      ["push", "team_feed"],
      ["arn:aws:s3:::their-bucket", "their-bucket", "Bob", "alpha_user_bob"],
    );
    expect(code).toBe(0);
    expect(stderr).toContain(
      'bucket is the bucket\'s name, not an ARN: found "arn:aws:s3:::their-bucket". Type their-bucket. [bucket-name]',
    );
    expect(stderr).toContain('users lists platform user names: found "Bob". Type alpha_user_Bob. [user-name]');
    const text = await readFile(join(root, "push_datasets/team_feed.yaml"), "utf8");
    expect(text).toContain("bucket: their-bucket\nusers:\n  - alpha_user_bob\n");
  });

  it.each([
    {
      name: "a bad flag",
      args: ["pull", "x_data", "--pull-arn", "arn:aws:s3:::a-bucket", "--user", "alpha_user_a"],
      code: 1,
      says: "this is an S3 ARN",
    },
    {
      name: "a bad name",
      args: ["push", "Bad-Name", "--bucket", "b-bucket", "--user", "alpha_user_a"],
      code: 1,
      says: 'found "Bad-Name". Run npx exports new push bad_name. [name-format]',
    },
    {
      name: "a kind that is neither push nor pull",
      args: ["sideways", "x"],
      code: 2,
      says: "the kind must be push or pull",
    },
    {
      name: "a missing value with nobody to ask",
      args: ["push", "no_answers", "--user", "alpha_user_a"],
      code: 1,
      says: "bucket is needed",
    },
  ])("writes nothing for $name", async ({ args, code, says }) => {
    const out = await cli(args);
    expect(out.code).toBe(code);
    expect(out.stderr).toContain(says);
    expect((await loadConfig(root)).value.push.length + (await loadConfig(root)).value.pull.length).toBe(0);
  });

  it("refuses to overwrite an existing dataset file", async () => {
    expect((await cli(["push", "twice", "--bucket", "b-bucket", "--user", "alpha_user_a"])).code).toBe(0);
    const again = await cli(["push", "twice", "--bucket", "other-bucket", "--user", "alpha_user_a"]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain("push_datasets/twice.yaml already exists");
  });

  it("never writes through a link planted where the file would go, even a dangling one", async () => {
    const outside = await mkdtemp(join(tmpdir(), "exports-outside-"));
    await symlink(join(outside, "stolen.yaml"), join(root, "push_datasets/linked.yaml"));
    const out = await cli(["push", "linked", "--bucket", "b-bucket", "--user", "alpha_user_a"]);
    expect(out.code).toBe(2);
    expect(out.stderr).toContain("push_datasets/linked.yaml is a symbolic link");
    expect(await readdir(outside)).toEqual([]);
    await rm(outside, { recursive: true, force: true });
  });

  it("never writes into a dataset folder that is a link out of the repository", async () => {
    const outside = await mkdtemp(join(tmpdir(), "exports-outside-"));
    await rm(join(root, "pull_datasets"), { recursive: true });
    await symlink(outside, join(root, "pull_datasets"));
    const out = await cli(SHARED);
    expect(out.code).toBe(2);
    expect(out.stderr).toContain("pull_datasets is not a folder of this repository");
    expect(await readdir(outside)).toEqual([]);
    await rm(outside, { recursive: true, force: true });
  });

  it("creates the missing dataset folder of a repository that has the other one", async () => {
    await rm(join(root, "pull_datasets"), { recursive: true });
    const out = await cli(SHARED);
    expect(out.code).toBe(0);
    expect((await loadConfig(root)).value.pull.map((d) => d.name)).toEqual(["shared"]);
  });

  it("says where to run it, without crashing, outside a repository", async () => {
    await rm(join(root, "pull_datasets"), { recursive: true });
    await rm(join(root, "push_datasets"), { recursive: true });
    const out = await cli(["push", "feed", "--bucket", "b-bucket", "--user", "alpha_user_a"]);
    expect(out.code).toBe(2);
    expect(out.stderr).toContain("has no push_datasets/ or pull_datasets/ folder");
    expect(await readdir(root)).toEqual([]);
  });

  it("points at the settings line when the settings are wrong, and writes nothing", async () => {
    await writeFile(join(root, "exports.settings.yaml"), "export_bucket: mojap-hub-exports\nregion: cn-north-1\n");
    const out = await cli(["push", "feed", "--bucket", "b-bucket", "--user", "alpha_user_a"]);
    expect(out.code).toBe(1);
    expect(out.stderr).toContain("exports.settings.yaml:2:9: region cn-north-1 is in the aws-cn partition");
    expect(await readdir(join(root, "push_datasets"))).toEqual([]);
  });
});

// What exports new writes must pass validate with the repository's other files, not only alone.
describe("exports new, beside the files already there", () => {
  const existing = {
    "pull_datasets/new-project.yaml":
      "name: new-project\npull_arns: [arn:aws:iam::111122223333:role/r]\nusers: [alpha_user_Ana]\n",
    "push_datasets/old_feed.yaml": "name: feed\nbucket: feed-inbound\nusers: [alpha_user_Ana]\n",
  };
  beforeEach(async () => {
    for (const [path, text] of Object.entries(existing)) await writeFile(join(root, path), text);
  });
  const PULL = ["--pull-arn", "arn:aws:iam::111122223333:role/r", "--user"];

  it.each([
    {
      name: "a pull name whose bucket another gives",
      args: ["pull", "new_project", ...PULL, "alpha_user_Ana"],
      rule: "pull-bucket-unique",
    },
    {
      name: "a user spelt in another case",
      args: ["pull", "other", ...PULL, "alpha_user_ana"],
      rule: "user-case-unique",
    },
    {
      name: "a name another file declares",
      args: ["push", "feed", "--bucket", "b-inbound", "--user", "alpha_user_Ana"],
      rule: "name-unique",
    },
    {
      name: "a pull bucket as the target",
      args: ["push", "copy", "--bucket", "mojap-new-project", "--user", "alpha_user_Ana"],
      rule: "target-pull-bucket",
    },
  ])("refuses $name, writes nothing and keeps the answers", async ({ args, rule }) => {
    const { code, stderr } = await cli(args);
    expect(code).toBe(1);
    expect(stderr).toContain(`[${rule}]`);
    expect(stderr).toContain("Nothing was written. Your answers");
    const { errors } = await loadConfig(root);
    expect(errors).toEqual([]);
  });

  it("says a taken name's fix as the command to run", async () => {
    const { stderr } = await cli(["push", "feed", "--bucket", "b-inbound", "--user", "alpha_user_Ana"]);
    expect(stderr).toContain("push_datasets/old_feed.yaml also declares this push dataset name");
    expect(stderr).toMatch(/Run npx exports new push feed_2\./);
    const again = await cli(["push", "feed_2", "--bucket", "b-inbound", "--user", "alpha_user_Ana"]);
    expect(again.code, again.stderr).toBe(0);
    expect((await loadConfig(root)).errors).toEqual([]);
  });
});

describe("exports new, at a limit of the whole deployment", () => {
  const TENANT = "0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d";
  const OBJECT = "6f7e8d9c-0b1a-4c2d-9e3f-4a5b6c7d8e9f";
  // 100 audiences of one tenant, 4 a file: the tenant's OIDC provider is full.
  beforeEach(async () => {
    for (let f = 0; f < 25; f++) {
      const workloads = [0, 1, 2, 3]
        .map((i) => `  - tenant: ${TENANT}\n    object_id: ${OBJECT}\n    audience: api://reader-${f * 4 + i}\n`)
        .join("");
      const text = `name: reader_${f}\nusers: [alpha_user_ana]\nazure_workloads:\n${workloads}`;
      await writeFile(join(root, `pull_datasets/reader_${f}.yaml`), text);
    }
  });

  it("refuses a 101st audience, as validate would, and writes nothing", async () => {
    const workload = `${TENANT}/${OBJECT}/api://reader-new`;
    const { code, stderr } = await cli(["pull", "one_more", "--azure-workload", workload, "--user", "alpha_user_ana"]);
    expect(code).toBe(1);
    expect(stderr).toContain("[entra-provider-audiences]");
    expect(await readdir(join(root, "pull_datasets"))).not.toContain("one_more.yaml");
    const shared = await cli([
      "pull",
      "one_more",
      "--azure-workload",
      `${TENANT}/${OBJECT}/api://reader-0`,
      "--user",
      "alpha_user_ana",
    ]);
    expect(shared.code, shared.stderr).toBe(0);
  });
});
