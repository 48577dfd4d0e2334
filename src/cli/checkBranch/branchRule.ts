import { DATASET_FOLDERS } from "../../config/dataset";
import { isDatasetFilePath as isDatasetFile } from "../../config/datasetFileName";
import { SETTINGS_FILE } from "../../config/settings";

/** One changed path, as `git diff --name-status` gives it. */
export interface Change {
  status: string;
  path: string;
}

/** Anything else in a dataset folder is not data: tools may read it as their configuration (issue #23). */
const inDatasetFolder = (path: string) => Object.values(DATASET_FOLDERS).some((f) => path.startsWith(`${f}/`));

/**
 * A maintainer's branch: it may change anything, dataset files included (`exports migrate`, a
 * departed user removed from every file). The plan shows what it changes, and the code owners
 * decide who must approve it.
 */
export const MAINTENANCE_BRANCH = /^maintenance\/./;

/** What a changed path is, in a reviewer's words: a dataset branch may change none of these. */
function kindOf(path: string): string {
  if (path === SETTINGS_FILE) return "the platform's settings, which decide every dataset's names, buckets and users";
  if (isDatasetFile(path)) return "another dataset's file";
  if (inDatasetFolder(path))
    return "a file that is not a dataset file, in a dataset folder that holds <name>.yaml files only";
  if (path.startsWith(".github/")) return "the workflows or code owners, which decide what is checked and who approves";
  return "code, documentation or configuration of the platform itself";
}

/**
 * The request workflow's branch rule, as a pure function. On a branch `push_dataset/<name>` (or
 * `pull_dataset/<name>`) the change touches exactly `push_datasets/<name>.yaml` (or the pull one)
 * and nothing else: settings, code and other datasets need a maintainer's own pull request, so a
 * dataset request can never loosen the rules it is checked by. A branch of any other name may not
 * change dataset files. Returns the problems, each naming the path and what it is.
 */
export function branchProblems(branch: string, changes: readonly Change[]): string[] {
  const shown = JSON.stringify(branch);
  const match = /^(push|pull)_dataset\/(.+)$/.exec(branch);
  if (MAINTENANCE_BRANCH.test(branch)) return [];
  if (!match) {
    const datasetChanges = changes.filter((c) => isDatasetFile(c.path));
    if (datasetChanges.length === 0) return [];
    const paths = datasetChanges.map((c) => c.path).join(", ");
    return [
      `branch ${shown} changes dataset files (${paths}): request a dataset from a branch named push_dataset/<name> or pull_dataset/<name>; maintainers changing several use maintenance/<topic>`,
    ];
  }
  const [, kind, name] = match;
  const expected = `${kind}_datasets/${name}.yaml`;
  const problems: string[] = [];
  if (!changes.some((c) => c.path === expected)) {
    problems.push(`branch ${shown} should add or change ${expected}, but the change does not touch it`);
  }
  for (const other of changes.filter((c) => c.path !== expected)) {
    problems.push(
      `branch ${shown} is for ${expected} only, but also changes ${other.path}: ${kindOf(other.path)}. Request that from a maintainer in a pull request of its own`,
    );
  }
  return problems;
}
