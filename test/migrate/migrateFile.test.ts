import { describe, expect, it } from "vitest";
import { migrateFile, type FileResult } from "../../src/migrate/migrateFile";

const migrated = (result: FileResult) => {
  if (!("migration" in result)) throw new Error(`refused: ${result.refusal.map((i) => i.message).join("; ")}`);
  return result.migration;
};

describe("migrateFile", () => {
  it.each([
    {
      name: "one-element list boolean, block form, comment on the item",
      kind: "pull" as const,
      before: "name: a\nallow_push:\n  - True # they write back\nusers:\n  - alpha_user_x\n",
      after: "name: a\nallow_push: true # they write back\nusers:\n  - alpha_user_x\n",
      line: 2,
    },
    {
      name: "one-element list boolean, comment after the key",
      kind: "push" as const,
      before: "name: a\nkeep_files: # keep a copy\n- false\n",
      after: "name: a\nkeep_files: false # keep a copy\n",
      line: 2,
    },
    {
      name: "one-element list boolean, flow form, no final line break",
      kind: "pull" as const,
      before: "name: a\nbucket_versioning: [False]",
      after: "name: a\nbucket_versioning: false",
      line: 2,
    },
    {
      name: "target_bucket, indented by two spaces",
      kind: "push" as const,
      before: "  name: a\n  target_bucket: b-bucket  # theirs\n  users:\n    - alpha_user_x\n",
      after: "  name: a\n  bucket: b-bucket  # theirs\n  users:\n    - alpha_user_x\n",
      line: 2,
    },
    {
      name: "a key the old system ignored, with a list value and comments",
      kind: "pull" as const,
      before: "name: a\nis_writable: # asked for\n  - yes  # really\n  - no\n\nusers: [alpha_user_x]\n",
      after:
        "name: a\n# exports migrate: the old system ignored this key, so it is kept only as a comment.\n# is_writable: # asked for\n#   - yes  # really\n#   - no\n\nusers: [alpha_user_x]\n",
      line: 2,
    },
    {
      name: "bucket in a pull file, indented",
      kind: "pull" as const,
      before: "  name: a\n  bucket: mojap-a # nothing read it\n  users:\n    - alpha_user_x\n",
      after:
        "  name: a\n  # exports migrate: the old system ignored this key, so it is kept only as a comment.\n  # bucket: mojap-a # nothing read it\n  users:\n    - alpha_user_x\n",
      line: 2,
    },
  ])("rewrites $name, keeping every comment and the order of keys", ({ kind, before, after, line }) => {
    const m = migrated(migrateFile(kind, `${kind}_datasets/a.yaml`, before));
    expect(m.text).toBe(after);
    expect(m.newPath).toBe(`${kind}_datasets/a.yaml`);
    expect(m.changes.map((c) => c.line)).toEqual([line]);
    expect(migrated(migrateFile(kind, m.newPath, m.text)).changes).toEqual([]);
  });

  it("renames a file to match its name, and leaves the name (so the bucket) as it is", () => {
    const before = "name: cjs-dashboard\nusers:\n  - alpha_user_x\n";
    const m = migrated(migrateFile("pull", "pull_datasets/cjs_dashboard.yaml", before));
    expect(m.newPath).toBe("pull_datasets/cjs-dashboard.yaml");
    expect(m.text).toBe(before);
    expect(m.changes).toEqual([
      {
        line: 1,
        column: 7,
        what: "renamed to pull_datasets/cjs-dashboard.yaml to match name: cjs-dashboard, which decides the bucket and prefix",
      },
    ]);
  });

  it("says when an ignored key looks like a slip for a real one, without applying it", () => {
    const m = migrated(migrateFile("pull", "pull_datasets/a.yaml", "name: a\nis_writable: true\n"));
    expect(m.changes[0]?.what).toBe(
      "is_writable: turned into a comment, as the old system ignored it. Did you mean allow_push? It was never applied; add it in a later change if it is still wanted.",
    );
    expect(m.text).not.toMatch(/^allow_push/m);
  });

  it.each([
    { name: "does not parse", text: "name: a\nusers: [alpha_user_x\n", rule: "yaml-syntax" },
    { name: "holds two documents", text: "name: a\n---\nname: b\n", rule: "single-mapping" },
    { name: "names a dataset the file cannot be named after", text: "name: Court Listings\n", rule: "migrate" },
    { name: "gives bucket and target_bucket", text: "name: a\nbucket: b-b\ntarget_bucket: c-c\n", rule: "migrate" },
  ])("refuses a file that $name", ({ text, rule }) => {
    const result = migrateFile("push", "push_datasets/a.yaml", text);
    expect("refusal" in result && result.refusal.map((i) => i.rule)).toContain(rule);
  });
});
