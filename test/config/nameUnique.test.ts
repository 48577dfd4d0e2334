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

  // Each suggested name, written into the file as told, passes every rule of the whole repository.
  const pull = (path: string, name: string, extra = ""): DatasetText => ({
    kind: "pull",
    path,
    text: `name: ${name}\npull_arns: [arn:aws:iam::111122223333:role/reader]\nusers: [alpha_user_ana]\n${extra}`,
  });
  const azure =
    "azure_workloads:\n  - tenant: 0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d\n    object_id: 6f7e8d9c-0b1a-4c2d-9e3f-4a5b6c7d8e9f\n    audience: api://reader\n";
  const longest = "a".repeat(57); // mojap- and 57 characters: S3's 63
  it.each([
    {
      name: "the longest pull name",
      texts: [pull(`pull_datasets/${longest}.yaml`, longest), pull("pull_datasets/b.yaml", longest)],
    },
    {
      name: "the longest push name",
      texts: [
        push(`push_datasets/${"b".repeat(52)}.yaml`, "b".repeat(52)),
        push("push_datasets/c.yaml", "b".repeat(52)),
      ],
    },
    {
      name: "a pull name whose bucket another file's name gives",
      texts: [
        pull("pull_datasets/new_project.yaml", "old"),
        pull("pull_datasets/x.yaml", "old"),
        pull("pull_datasets/y.yaml", "new-project"),
      ],
    },
    {
      name: "a federated pull name (its role name has room for 49)",
      texts: [
        pull(`pull_datasets/${"f".repeat(49)}.yaml`, "f".repeat(49), azure),
        pull("pull_datasets/g.yaml", "f".repeat(49), azure),
      ],
    },
  ])("suggests names that pass every rule: $name", ({ texts }) => {
    const issues = issuesOf(texts).filter((i) => i.rule === "name-unique");
    expect(issues.length).toBeGreaterThan(0);
    const fixed = texts.map((t) => {
      const fix = /e\.g\. name: (\S+?)\.$/.exec(issues.find((i) => i.file === t.path)?.message ?? "")?.[1];
      return fix === undefined ? t : { ...t, text: t.text.replace(/^name: .*$/m, `name: ${fix}`) };
    });
    expect(fixed).not.toEqual(texts);
    const { errors } = validateConfig(DEFAULT_SETTINGS, fixed, [], []);
    expect(errors).toEqual([]);
  });
});
