import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/loadConfig";

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
    name: "a README in a dataset folder",
    files: { "pull_datasets/README.md": "# hi" },
    rule: "file-extension",
    file: "pull_datasets/README.md",
    fix: "move it out",
  },
  {
    name: "a sub-folder",
    files: { "push_datasets/team/": "" },
    rule: "file-extension",
    file: "push_datasets/team",
    fix: "sit directly in push_datasets/",
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
    file: "push_datasets/b.yaml",
    fix: "push_datasets/a.yaml already declares",
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
];

describe("loadConfig reports", () => {
  it.each(cases)("$name", async ({ files, rule, file, fix }) => {
    const result = await loadConfig(await repo(files));
    const issue = result.errors.find((i) => i.rule === rule);
    expect(issue).toMatchObject({ file, severity: "error" });
    expect(issue?.line).toBeGreaterThanOrEqual(1);
    expect(issue?.message).toContain(fix);
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

  it("judges no dataset against settings that have errors", async () => {
    const result = await loadConfig(
      await repo({ "exports.settings.yaml": "export_bucket: [x]\n", "push_datasets/a.yaml": push("a") }),
    );
    expect(result.errors.map((e) => e.rule)).toEqual(["settings-value"]);
    expect(result.value.push).toEqual([]);
  });
});
