import { describe, expect, it } from "vitest";
import { isDatasetFilePath } from "../../src/config/datasetFileName";
import { DEFAULT_SETTINGS } from "../../src/config/settings";
import { repositoryChanges } from "../../src/report/repositoryChanges";

// Only `<name>.yaml` directly in a dataset folder is a dataset file; anything else there is code
// that the maintainers review (issue #23), as CODEOWNERS and plan-comment.yml also count it.
const DATASET_FILES = ["push_datasets/court_listings.yaml", "pull_datasets/new-project.yaml", "pull_datasets/a.b.yaml"];
const CODE = [
  "push_datasets/eslint.config.js",
  "push_datasets/.prettierrc.yaml",
  "pull_datasets/.npmrc",
  "pull_datasets/team/x.yaml",
  "push_datasets/x.yaml/eslint.config.js",
  "push_datasets/a.yml",
  "push_datasets/.yaml",
  "push_datasets",
  "push_datasets/",
  "other_datasets/x.yaml",
  "src/cli/main.ts",
];

describe("the files a change touches", () => {
  it.each(DATASET_FILES)("%s is a dataset file", (path) => {
    expect(isDatasetFilePath(path)).toBe(true);
  });

  it.each(CODE)("%s is not a dataset file", (path) => {
    expect(isDatasetFilePath(path)).toBe(false);
  });

  it("lists every changed file but dataset files and the settings file as other files, sorted", () => {
    const changes = repositoryChanges(
      [...DATASET_FILES, "exports.settings.yaml", ...CODE],
      DEFAULT_SETTINGS,
      DEFAULT_SETTINGS,
    );
    expect(changes).toEqual({ settings: [], settingsFileChanged: true, otherFiles: [...CODE].sort() });
  });
});
