import { describe, expect, it } from "vitest";
import { DEFAULT_SETTINGS } from "../../src/config/settings";
import type { DatasetText } from "../../src/config/dataset";
import { validateConfig } from "../../src/config/validateConfig";

const push = (path: string, name: string): DatasetText => ({
  kind: "push",
  path,
  text: `name: ${name}\nbucket: receiving-bucket\nusers: [alpha_user_ana]\n`,
});
// An older file, and a file added beside it (sorted first) that declares the same name.
const OLDER = push("push_datasets/court_listings.yaml", "court_listings");
const ADDED = push("push_datasets/added.yaml", "court_listings");
const issuesOf = (texts: DatasetText[], base?: Map<string, string>) => {
  const { errors, warnings } = validateConfig(DEFAULT_SETTINGS, texts, [], [], base);
  return [...errors, ...warnings];
};

describe("name-unique", () => {
  it("lands on the file the change added when the base is known, with a free name, and no taken-name advice", () => {
    const issues = issuesOf([ADDED, OLDER], new Map([[OLDER.path, "court_listings"]]));
    expect(issues).toEqual([
      expect.objectContaining({
        file: "push_datasets/added.yaml",
        rule: "name-unique",
        severity: "error",
        message:
          'push_datasets/court_listings.yaml also declares this push dataset name: found "court_listings". Each dataset has its own name: give this one its own name, e.g. name: added.',
      }),
    ]);
  });

  it("lands on both files, each naming the other and a free name, when the base is not known", () => {
    const issues = issuesOf([ADDED, OLDER]);
    expect(issues.map((i) => [i.file, i.rule])).toEqual([
      ["push_datasets/added.yaml", "name-unique"],
      ["push_datasets/court_listings.yaml", "name-unique"],
    ]);
    expect(issues[1]?.message).toContain("push_datasets/added.yaml also declares");
    expect(issues[1]?.message).toContain("e.g. name: court_listings_2.");
  });

  it("never suggests a name another file declares or is named after", () => {
    const third = push("push_datasets/added_2.yaml", "added");
    const issues = issuesOf([ADDED, OLDER, third], new Map([[OLDER.path, "court_listings"]]));
    const onAdded = issues.filter((i) => i.file === ADDED.path && i.rule === "name-unique");
    expect(onAdded).toHaveLength(1);
    expect(onAdded[0]?.message).toContain("e.g. name: added_3.");
  });
});
