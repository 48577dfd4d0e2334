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
  if (inDatasetFolder(path))
    return "a file that is not a dataset file, in a dataset folder that holds <name>.yaml files only";
  if (path.startsWith(".github/")) return "the workflows or code owners, which decide what is checked and who approves";
  return "code, documentation or configuration of the platform itself";
}

/**
 * What to do about a path a dataset branch also changes: another dataset goes in a pull request of
 * its own, from its own branch; anything else is a maintainer's change.
 */
function otherChange({ path }: Change): string {
  const dataset = isDatasetFile(path) ? /^(push|pull)_datasets\/([^/]+)\.yaml$/.exec(path) : null;
  if (dataset)
    return `one dataset per pull request. Take ${path} out of this one and open a second pull request, from a branch named ${dataset[1]}_dataset/${dataset[2]}, that changes it`;
  return `${kindOf(path)}. Take it out of this pull request; a maintainer changes that in a pull request of its own, from a branch maintenance/<topic>`;
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
  const [, kind, name = ""] = match;
  // A branch named after the file (push_dataset/x.yaml) means the dataset x: say the branch's name.
  const dataset = name.replace(/\.ya?ml$/, "");
  if (dataset !== name)
    return [
      `branch ${shown} names a file, but a branch is named after the dataset: open the pull request from a branch named ${kind}_dataset/${dataset} (for ${kind}_datasets/${dataset}.yaml)`,
    ];
  const expected = `${kind}_datasets/${name}.yaml`;
  const problems: string[] = [];
  if (!changes.some((c) => c.path === expected)) {
    problems.push(`branch ${shown} should add or change ${expected}, but the change does not touch it`);
  }
  for (const other of changes.filter((c) => c.path !== expected)) {
    problems.push(`branch ${shown} is for ${expected} only, but also changes ${other.path}: ${otherChange(other)}`);
  }
  return problems;
}
