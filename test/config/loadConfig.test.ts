import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { hasDatasetFolders, loadConfig } from "../../src/config/loadConfig";

const push = (name: string, extra = "") =>
  `name: ${name}\nbucket: receiving-bucket\nusers:\n  - alpha_user_ana\n${extra}`;
const pull = (name: string) =>
  `name: ${name}\npull_arns:\n  - arn:aws:iam::111122223333:role/reader\nusers:\n  - alpha_user_ana\n`;

let root: string;
async function repo(files: Record<string, string | Buffer>): Promise<string> {
  root = await mkdtemp(join(tmpdir(), "exports-load-"));
  await mkdir(join(root, "push_datasets"));
  await mkdir(join(root, "pull_datasets"));
  for (const [path, content] of Object.entries(files)) {
    if (path.endsWith("/")) await mkdir(join(root, path), { recursive: true });
    else await mkdir(dirname(join(root, path)), { recursive: true }).then(() => writeFile(join(root, path), content));
  }
  return root;
}
afterEach(() => rm(root, { recursive: true, force: true }));

const cases = [
  {
    name: "a .yml file",
    files: { "push_datasets/a.yml": push("a") },
    rule: "file-extension",
    file: "push_datasets/a.yml",
    fix: "push_datasets/a.yaml",
  },
  {
    name: "a file name with a bidirectional override, shown escaped",
    files: { "push_datasets/report\u202Elmy.yml": "x" },
    rule: "file-extension",
    file: "push_datasets/report\u202Elmy.yml",
    fix: 'found "report\\u202elmy.yml"',
  },
  {
    name: "a README in a dataset folder",
    files: { "pull_datasets/README.md": "# hi" },
    rule: "file-extension",
    file: "pull_datasets/README.md",
    fix: "Move it out of pull_datasets/",
  },
  {
    name: "a sub-folder",
    files: { "push_datasets/team/": "" },
    rule: "file-extension",
    file: "push_datasets/team",
    fix: "sit directly in push_datasets/",
  },
  {
    name: "a hidden file that would be a valid dataset, never read as one",
    files: { "push_datasets/.prettierrc.yaml": push("prettierrc") },
    rule: "file-extension",
    file: "push_datasets/.prettierrc.yaml",
    fix: "Hidden files have no place in push_datasets/",
  },
  {
    name: "a hidden file",
    files: { "pull_datasets/.npmrc": "node-options=--require=./x.cjs\n" },
    rule: "file-extension",
    file: "pull_datasets/.npmrc",
    fix: "Hidden files have no place in pull_datasets/",
  },
  {
    name: "a hidden folder",
    files: { "pull_datasets/.config/": "" },
    rule: "file-extension",
    file: "pull_datasets/.config",
    fix: "Hidden folders have no place in pull_datasets/",
  },
  {
    name: "a tool's configuration file, without suggesting a rename to an invalid name",
    files: { "push_datasets/eslint.config.js": "export default [];\n" },
    rule: "file-extension",
    file: "push_datasets/eslint.config.js",
    fix: "Move it out of push_datasets/: it holds dataset files only",
  },
  // A file name is shown to reviewers (the pull request's files, the plan, annotations): one that
  // hides or reorders characters is refused as a name, with the name to give it.
  {
    name: "a file name with a right-to-left override",
    files: { "push_datasets/court\u202Esgnitsil.yaml": push("court_listings") },
    rule: "file-extension",
    file: "push_datasets/court\u202Esgnitsil.yaml",
    fix: "holds an invisible U+202E RIGHT-TO-LEFT OVERRIDE",
  },
  {
    name: "a file name with a zero-width space",
    files: { "push_datasets/court\u200B_listings.yaml": push("court_listings") },
    rule: "file-extension",
    file: "push_datasets/court\u200B_listings.yaml",
    fix: "Rename it to push_datasets/court_listings.yaml.",
  },
  {
    name: "a file name with a terminal escape and a line break",
    files: { "pull_datasets/a\u001b[31m\nb.yaml": pull("ab") },
    rule: "file-extension",
    file: "pull_datasets/a\u001b[31m\nb.yaml",
    fix: "Rename it to pull_datasets/<name>.yaml, the dataset's name",
  },
  {
    name: "a folder named x.yaml",
    files: { "push_datasets/x.yaml/": "" },
    rule: "file-readable",
    file: "push_datasets/x.yaml",
    fix: "a folder",
  },
  {
    name: "a huge file",
    files: { "push_datasets/big.yaml": Buffer.alloc(2 * 1024 * 1024, 0x61) },
    rule: "file-readable",
    file: "push_datasets/big.yaml",
    fix: "larger than 256 KiB",
  },
  {
    name: "a binary file",
    files: { "push_datasets/bin.yaml": Buffer.from([0xff, 0xfe, 0x00, 0x81, 0x90]) },
    rule: "file-readable",
    file: "push_datasets/bin.yaml",
    fix: "not UTF-8",
  },
  {
    name: "two files declaring one name",
    files: { "push_datasets/a.yaml": push("a"), "push_datasets/b.yaml": push("a") },
    rule: "name-unique",
    file: "push_datasets/a.yaml",
    fix: "push_datasets/b.yaml also declares",
  },
  {
    name: "two pull names giving one bucket",
    files: {
      "pull_datasets/new_project.yaml": pull("new_project"),
      "pull_datasets/new-project.yaml": pull("new-project"),
    },
    rule: "pull-bucket-unique",
    file: "pull_datasets/new_project.yaml",
    fix: "mojap-new-project",
  },
  {
    name: "a settings file with a typo",
    files: { "exports.settings.yaml": "export_buckets: x\n" },
    rule: "unknown-key",
    file: "exports.settings.yaml",
    fix: "Did you mean export_bucket?",
  },
  {
    name: "a settings pattern that is not anchored",
    files: { "exports.settings.yaml": "user_name_pattern: alpha_.*\n" },
    rule: "settings-value",
    file: "exports.settings.yaml",
    fix: "^alpha_.*$",
  },
  {
    name: "a settings pattern that does not compile",
    files: { "exports.settings.yaml": "user_name_pattern: ^alpha_(.*$\n" },
    rule: "settings-value",
    file: "exports.settings.yaml",
    fix: "not a regular expression",
  },
  {
    name: "an invalid export bucket",
    files: { "exports.settings.yaml": "export_bucket: Exports_Bucket\n" },
    rule: "settings-value",
    file: "exports.settings.yaml",
    fix: "upper case",
  },
  {
    name: "an export bucket too long for its access-log bucket",
    files: { "exports.settings.yaml": `region: eu-west-2\nexport_bucket: ${"e".repeat(55)}\n` },
    rule: "settings-value",
    file: "exports.settings.yaml",
    fix: "Shorten it to at most 51 characters",
    line: 2,
  },
  {
    name: "a pull bucket prefix that would spoil every pull bucket",
    files: {
      "exports.settings.yaml": "pull_bucket_prefix: xn--\n",
      "pull_datasets/a.yaml": pull("a"),
    },
    rule: "settings-value",
    file: "exports.settings.yaml",
    fix: "starts with the reserved prefix 'xn--'",
    line: 1,
  },
  {
    name: "a region of the China partition",
    files: { "exports.settings.yaml": "# where\nregion: cn-north-1\n" },
    rule: "settings-value",
    file: "exports.settings.yaml",
    fix: "aws-cn partition",
    line: 2,
  },
  {
    name: "a region of GovCloud",
    files: { "exports.settings.yaml": "region: us-gov-west-1\n" },
    rule: "settings-value",
    file: "exports.settings.yaml",
    fix: "aws-us-gov partition",
    line: 1,
  },
  {
    name: "a region that does not exist",
    files: { "exports.settings.yaml": "region: eu-west-9\n" },
    rule: "settings-value",
    file: "exports.settings.yaml",
    fix: 'not an AWS region: found "eu-west-9". Write region: eu-west-',
  },
  {
    name: "a settings pattern with a backreference",
    files: { "exports.settings.yaml": "account_id: '111122223333'\nuser_name_pattern: ^(a+)\\1$\n" },
    rule: "settings-value",
    file: "exports.settings.yaml",
    fix: "linear time",
    line: 2,
  },
  {
    name: "a settings pattern with lookahead",
    files: { "exports.settings.yaml": "user_name_pattern: ^(?=alpha_).*$\n" },
    rule: "settings-value",
    file: "exports.settings.yaml",
    fix: "without backreferences",
  },
  {
    name: "a reserved bucket that is not a bucket name",
    files: { "exports.settings.yaml": "reserved_buckets:\n  - platform-data\n  - Platform_Logs\n" },
    rule: "settings-value",
    file: "exports.settings.yaml",
    fix: "reserved_buckets lists S3 bucket names",
    line: 3,
  },
  {
    name: "a push dataset sending to a reserved bucket",
    files: {
      "exports.settings.yaml": "reserved_buckets: [platform-data]\n",
      "push_datasets/a.yaml": "name: a\nbucket: platform-data\nusers: [alpha_user_ana]\n",
    },
    rule: "platform-bucket",
    file: "push_datasets/a.yaml",
    fix: "reserved_buckets",
    line: 2,
  },
  {
    name: "a push dataset sending to a pull dataset's bucket",
    files: {
      "push_datasets/plant.yaml": "name: plant\nusers: [alpha_user_ana]\nbucket: mojap-shared\n",
      "pull_datasets/shared.yaml": pull("shared"),
    },
    rule: "target-pull-bucket",
    file: "push_datasets/plant.yaml",
    fix: "the pull bucket of pull_datasets/shared.yaml",
    line: 3,
  },
  {
    name: "a user name IAM refuses, under a pattern that allows anything",
    files: {
      "exports.settings.yaml": "user_name_pattern: ^.*$\n",
      "push_datasets/a.yaml": 'name: a\nbucket: receiving-bucket\nusers: ["Ana Smith", "alpha_user_ok"]\n',
    },
    rule: "user-role-name",
    file: "push_datasets/a.yaml",
    fix: "holds a space (U+0020)",
    line: 3,
  },
  {
    name: "one user spelt with different capitals in two files",
    files: {
      "push_datasets/a.yaml": "name: a\nbucket: receiving-bucket\nusers: [alpha_user_SullivanJ]\n",
      "push_datasets/b.yaml":
        "name: b\nbucket: receiving-bucket\nusers:\n  - alpha_user_ana\n  - alpha_user_sullivanj\n",
    },
    rule: "user-case-unique",
    file: "push_datasets/b.yaml",
    fix: "Write alpha_user_SullivanJ, as the platform created it",
    line: 5,
  },
  {
    name: "text that is not UTF-8, at its line and column",
    files: {
      "push_datasets/latin1.yaml": Buffer.concat([
        Buffer.from("name: latin1\nbucket: receiving-bucket\nusers: [alpha_user_jos"),
        Buffer.from([0xe9]),
        Buffer.from("]\n"),
      ]),
    },
    rule: "file-readable",
    file: "push_datasets/latin1.yaml",
    fix: "the byte 0xE9",
    line: 3,
    column: 23,
  },
];

describe("loadConfig reports", () => {
  it.each(cases)("$name", async (c) => {
    const result = await loadConfig(await repo(c.files));
    const issue = result.errors.find((i) => i.rule === c.rule);
    expect(issue).toMatchObject({ file: c.file, severity: "error" });
    expect(issue?.line).toBe("line" in c ? c.line : issue?.line);
    expect(issue?.column).toBe("column" in c ? c.column : issue?.column);
    expect(issue?.line).toBeGreaterThanOrEqual(1);
    expect(issue?.message).toContain(c.fix);
  });
});

describe("loadConfig", () => {
  it("keeps valid datasets beside invalid ones, sorted by name, with legacy forms normalised", async () => {
    const result = await loadConfig(
      await repo({
        "push_datasets/zeta.yaml":
          "name: zeta\ntarget_bucket: zeta-bucket\nusers: [alpha_user_ana, alpha_user_ana]\nkeep_files: [True]\n",
        "push_datasets/alpha.yaml": push("alpha"),
        "push_datasets/broken.yaml": push("broken", "bogus: 1\n"),
        "pull_datasets/new_project.yaml": pull("new_project"),
      }),
    );
    expect(result.errors.map((e) => e.file)).toEqual(["push_datasets/broken.yaml"]);
    expect(result.warnings.map((w) => w.rule).sort()).toEqual([
      "duplicate-entry",
      "legacy-boolean-list",
      "legacy-target-bucket",
    ]);
    expect(result.value.push).toEqual([
      {
        kind: "push",
        name: "alpha",
        bucket: "receiving-bucket",
        users: ["alpha_user_ana"],
        keepFiles: false,
        file: "push_datasets/alpha.yaml",
        source: expect.any(Object),
      },
      {
        kind: "push",
        name: "zeta",
        bucket: "zeta-bucket",
        users: ["alpha_user_ana"],
        keepFiles: true,
        file: "push_datasets/zeta.yaml",
        source: expect.any(Object),
      },
    ]);
    // The first entry of a user listed twice is the one a later finding points at.
    expect(result.value.push[1]?.source).toEqual({
      name: { line: 1, column: 7 },
      users: { alpha_user_ana: { line: 3, column: 9 } },
    });
    expect(result.value.pull).toEqual([
      {
        kind: "pull",
        name: "new_project",
        bucket: "mojap-new-project",
        pullArns: ["arn:aws:iam::111122223333:role/reader"],
        googleServiceAccounts: [],
        azureWorkloads: [],
        users: ["alpha_user_ana"],
        allowPush: false,
        bucketVersioning: false,
        file: "pull_datasets/new_project.yaml",
        source: { name: { line: 1, column: 7 }, users: { alpha_user_ana: { line: 5, column: 5 } } },
      },
    ]);
  });

  it("applies the settings file: another user pattern, export bucket and pull prefix", async () => {
    const result = await loadConfig(
      await repo({
        "exports.settings.yaml":
          "export_bucket: acme-exports\npull_bucket_prefix: acme-\nuser_name_pattern: ^[a-z]+\\.[a-z]+$\n",
        "push_datasets/a.yaml": "name: a\nbucket: mojap-hub-exports\nusers: [jane.doe]\n",
        "pull_datasets/b_c.yaml": "name: b_c\npull_arns: [arn:aws:iam::111122223333:role/r]\nusers: [alpha_user_ana]\n",
      }),
    );
    expect(result.value.settings.exportBucket).toBe("acme-exports");
    expect(result.value.push.map((d) => d.bucket)).toEqual(["mojap-hub-exports"]);
    expect(result.errors).toEqual([
      expect.objectContaining({ rule: "user-name", file: "pull_datasets/b_c.yaml", line: 3, column: 9 }),
    ]);
  });

  it("warns, at its line, about a user pattern with no fixed start", async () => {
    const result = await loadConfig(
      await repo({ "exports.settings.yaml": "region: eu-west-2\nuser_name_pattern: ^[a-z]+$\n" }),
    );
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([
      expect.objectContaining({ file: "exports.settings.yaml", line: 2, column: 20, rule: "settings-value" }),
    ]);
  });

  it("judges no dataset against settings that have errors", async () => {
    const result = await loadConfig(
      await repo({ "exports.settings.yaml": "export_bucket: [x]\n", "push_datasets/a.yaml": push("a") }),
    );
    expect(result.errors.map((e) => e.rule)).toEqual(["settings-value"]);
    expect(result.value.push).toEqual([]);
  });

  it(
    "matches a crafted user name against a backtracking-prone pattern in linear time",
    { timeout: 20_000 },
    async () => {
      // (a|a)* is exponential for a backtracking engine on a long run of a's that fails at the end.
      const crafted = `${"a".repeat(60)}b`;
      const result = await loadConfig(
        await repo({
          "exports.settings.yaml": "user_name_pattern: ^(a|a)*$\n",
          "push_datasets/a.yaml": `name: a\nbucket: receiving-bucket\nusers: ["${crafted}", aaaa]\n`,
        }),
      );
      expect(result.errors).toEqual([expect.objectContaining({ rule: "user-name", line: 3 })]);
    },
  );

  it("never follows a symbolic link, and never shows what it points at", async () => {
    const outside = await mkdtemp(join(tmpdir(), "exports-outside-"));
    await writeFile(join(outside, "secret.yaml"), "name: TOP-SECRET-CONTENT\n");
    await repo({ "push_datasets/a.yaml": push("a") });
    await symlink(join(outside, "secret.yaml"), join(root, "pull_datasets/secret.yaml"));
    await symlink(join(outside, "secret.yaml"), join(root, "exports.settings.yaml.bak"));
    await rm(join(root, "push_datasets"), { recursive: true });
    await symlink(outside, join(root, "push_datasets"));
    const result = await loadConfig(root);
    expect(result.errors.map((e) => [e.file, e.rule])).toEqual([
      ["pull_datasets/secret.yaml", "file-symlink"],
      ["push_datasets", "file-symlink"],
    ]);
    expect(JSON.stringify(result)).not.toContain("TOP-SECRET");
    expect(JSON.stringify(result)).not.toContain(outside);
    await rm(join(root, "exports.settings.yaml.bak"));
    await symlink(join(outside, "secret.yaml"), join(root, "exports.settings.yaml"));
    const settings = await loadConfig(root);
    expect(settings.errors.map((e) => [e.file, e.rule])).toEqual([["exports.settings.yaml", "file-symlink"]]);
    await rm(outside, { recursive: true, force: true });
  });

  it("reports a dataset folder that is a file, where it is, instead of reading no datasets from it", async () => {
    await repo({ "pull_datasets/shared.yaml": pull("shared") });
    await rm(join(root, "push_datasets"), { recursive: true });
    await writeFile(join(root, "push_datasets"), "name: court_feed\n");
    expect(await hasDatasetFolders(root)).toBe(true);
    const result = await loadConfig(root);
    expect(result.errors).toEqual([
      expect.objectContaining({ file: "push_datasets", line: 1, column: 1, rule: "dataset-folder", severity: "error" }),
    ]);
    expect(result.errors[0]?.message).toMatch(
      /^push_datasets must be a folder .*: found a file\. Remove it, then create/,
    );
    expect(result.value.pull.map((d) => d.name)).toEqual(["shared"]);
    await rm(join(root, "pull_datasets"), { recursive: true });
    expect(await hasDatasetFolders(root)).toBe(true);
  });
});
