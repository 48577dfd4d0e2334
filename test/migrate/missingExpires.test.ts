import { describe, expect, it } from "vitest";
import { migrateFile, type FileMigration } from "../../src/migrate/migrateFile";
import { missingExpires } from "../../src/migrate/missingExpires";

const migrated = (path: string, text: string): FileMigration => {
  const result = migrateFile("push", path, text);
  if (!("migration" in result)) throw new Error(JSON.stringify(result.refusal));
  return result.migration;
};

describe("missingExpires", () => {
  it.each([
    {
      name: "an old file without expires: a warning at its name, in the file's new place",
      file: migrated("push_datasets/old.yaml", "# feed\nname: court_feed\ntarget_bucket: courts-inbound\n"),
      found: [["push_datasets/court_feed.yaml", 2, 1, "expires-missing", "warning"]],
    },
    {
      name: "a file that gives expires: nothing",
      file: migrated("push_datasets/a.yaml", "name: a\nbucket: b-inbound\nexpires: 2027-03-31\n"),
      found: [],
    },
  ])("$name", ({ file, found }) => {
    const issues = missingExpires([file]);
    expect(issues.map((i) => [i.file, i.line, i.column, i.rule, i.severity])).toEqual(found);
    for (const i of issues) expect(i.message).toMatch(/no end date.*migrate does not add one.*Add expires: /s);
  });

  it("never adds expires to the text it migrates", () => {
    const file = migrated("push_datasets/old.yaml", "name: court_feed\ntarget_bucket: courts-inbound\n");
    expect(file.text).not.toContain("expires");
  });
});
