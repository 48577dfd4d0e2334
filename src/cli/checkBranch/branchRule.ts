/** One changed path, as `git diff --name-status` gives it. */
export interface Change {
  status: string;
  path: string;
}

/**
 * The request workflow's naming rule, as a pure function: on a branch `push_dataset/<name>` (or
 * `pull_dataset/<name>`) the change touches exactly `push_datasets/<name>.yaml` (or the pull one)
 * among the dataset files; a branch changing dataset files must be named so. Returns the problems.
 */
export function branchProblems(branch: string, changes: readonly Change[]): string[] {
  const datasetChanges = changes.filter((c) => /^(push|pull)_datasets\//.test(c.path));
  const match = /^(push|pull)_dataset\/(.+)$/.exec(branch);
  if (!match) {
    if (datasetChanges.length === 0) return [];
    const paths = datasetChanges.map((c) => c.path).join(", ");
    return [
      `branch ${JSON.stringify(branch)} changes dataset files (${paths}): request a dataset from a branch named push_dataset/<name> or pull_dataset/<name>`,
    ];
  }
  const [, kind, name] = match;
  const expected = `${kind}_datasets/${name}.yaml`;
  const problems: string[] = [];
  if (!datasetChanges.some((c) => c.path === expected)) {
    problems.push(`branch ${branch} should add or change ${expected}, but the change does not touch it`);
  }
  for (const other of datasetChanges.filter((c) => c.path !== expected)) {
    problems.push(
      `branch ${branch} is for ${expected}, but also changes ${other.path}: request each dataset from its own branch`,
    );
  }
  return problems;
}
