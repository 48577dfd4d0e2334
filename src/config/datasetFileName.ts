import { DATASET_FOLDERS } from "./dataset";

/**
 * The name of a dataset file within its folder: `<name>.yaml`, not hidden. Anything else in a
 * dataset folder is refused (`loadConfig`, scripts/check-dataset-folders.sh) and counts as code
 * (the plan's other files, CODEOWNERS): tools read hidden files and names such as
 * `eslint.config.js` as their own configuration (issue #23, decision 0008). The shell script
 * cannot import this; test/github/checkDatasetFolders.test.ts holds the two to one table.
 */
export const DATASET_FILE_NAME = /^[^./][^/]*\.yaml$/;

/** True when `path` (relative to the repository root, `/`-separated) is a dataset file: `<folder>/<name>.yaml` directly. */
export function isDatasetFilePath(path: string): boolean {
  const slash = path.indexOf("/");
  const folder = path.slice(0, slash);
  return Object.values(DATASET_FOLDERS).includes(folder) && DATASET_FILE_NAME.test(path.slice(slash + 1));
}
