import { readFileSync } from "node:fs";
import { join } from "node:path";
import ignore from "ignore";
import { describe, expect, it } from "vitest";
import { isDatasetFilePath } from "../../src/config/datasetFileName";
import { REPO } from "../synth";

/** CODEOWNERS as GitHub reads it: gitignore-style patterns, and the last one that matches a file wins. */
function owners(text: string): (file: string) => string[] {
  const rules = text
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "" && !l.startsWith("#"))
    .map((l) => {
      const [pattern = "", ...teams] = l.split(/\s+/);
      return { matches: ignore().add(pattern), teams };
    });
  return (file) => rules.findLast((r) => r.matches.ignores(file))?.teams ?? [];
}

const ownersOf = owners(readFileSync(join(REPO, ".github/CODEOWNERS"), "utf8"));
const DATA_ENGINEERING = ["@your-org/data-engineering"];
const MAINTAINERS = ["@your-org/data-exports-maintainers"];

describe("CODEOWNERS", () => {
  it.each(["push_datasets/court_listings.yaml", "pull_datasets/new_project.yaml", "pull_datasets/new-project.yaml"])(
    "gives the dataset file %s to the data engineering team",
    (file) => {
      expect(ownersOf(file)).toEqual(DATA_ENGINEERING);
    },
  );

  // Only `<name>.yaml` directly in a dataset folder is a dataset file (decision 0008): the rest is
  // code, which tools may run, as the plan comment and `exports plan` count it too.
  it.each([
    "push_datasets/eslint.config.js",
    "push_datasets/eslint.config.mjs",
    "pull_datasets/prettier.config.cjs",
    "pull_datasets/vitest.config.ts",
    "push_datasets/tsconfig.json",
    "push_datasets/package.json",
    "pull_datasets/a.yml",
    "push_datasets/.npmrc",
    "push_datasets/.prettierrc",
    "push_datasets/.prettierrc.yaml",
    "pull_datasets/.editorconfig",
    "pull_datasets/.yaml",
    "push_datasets/team/x.yaml",
    "push_datasets/team/deeper/x.yaml",
    "pull_datasets/x.yaml/eslint.config.js",
    "pull_datasets/.config/x.yaml",
  ])("gives %s, in a dataset folder but not a dataset file, to the maintainers", (file) => {
    expect(ownersOf(file)).toEqual(MAINTAINERS);
    expect(isDatasetFilePath(file)).toBe(false);
  });

  it.each([
    "src/plan/policies/userPolicy.ts",
    "src/infra/coreStack.ts",
    "bin/cdk.ts",
    "package.json",
    "package-lock.json",
    "exports.settings.yaml",
    ".github/workflows/deploy.yml",
    ".github/workflows/a-workflow-added-later.yml",
    ".github/CODEOWNERS",
    ".github/dependabot.yml",
    ".ci/run",
    "schemas/push-dataset.schema.json",
    "docs/operators.md",
    "test/fixtures/repos/valid/push_datasets/x.yaml",
  ])("gives %s to the maintainers", (file) => {
    expect(ownersOf(file)).toEqual(MAINTAINERS);
  });

  it("reads patterns as GitHub does: the last match wins", () => {
    const read = owners("*  @a\n/docs/  @b\n/docs/x.md  @c\n");
    expect([read("src/y.ts"), read("docs/y.md"), read("docs/x.md"), read("sub/docs/y.md")]).toEqual([
      ["@a"],
      ["@b"],
      ["@c"],
      ["@a"],
    ]);
  });
});
