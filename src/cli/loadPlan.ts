import { resolve } from "node:path";
import { GitRefError, withCommitFiles } from "../config/commitFiles";
import type { Config } from "../config/config";
import { retainedPullBuckets } from "../config/earlierRemovals";
import type { Validated } from "../config/issue";
import { hasDatasetFolders, loadConfig, type LoadOptions } from "../config/loadConfig";
import { buildPlan, type Plan } from "../plan/plan";
import type { Output } from "./output";
import { formatResult } from "./validate/format";

/**
 * The repository root as an absolute path, or undefined (after saying why, for exit code 2) when
 * it holds no dataset folder: every command that reads the datasets starts here.
 */
export async function datasetRoot(command: string, root: string, out: Output): Promise<string | undefined> {
  const dir = resolve(root);
  if (await hasDatasetFolders(dir)) return dir;
  out.stderr(
    `exports ${command}: ${dir} has no push_datasets/ or pull_datasets/ folder; run it at the repository root or pass --root <dir>.\n`,
  );
  return undefined;
}

/**
 * Loads and validates the datasets of `root`'s working tree or, with `head`, of that git commit:
 * its dataset files and settings are read from git as data, and nothing of it is checked out, so
 * CI can judge a pull request with the base branch's code (decision 0008). `root` comes back
 * absolute, for git; 2 after saying why when there is nothing to load.
 */
export async function loadDatasets(
  command: string,
  root: string,
  out: Output,
  head?: string,
  options: LoadOptions = {},
): Promise<{ loaded: Validated<Config>; root: string } | { code: number }> {
  if (head === undefined) {
    const dir = await datasetRoot(command, root, out);
    return dir ? { loaded: await loadConfig(dir, options), root: dir } : { code: 2 };
  }
  const repository = resolve(root);
  try {
    return await withCommitFiles(repository, head, async (dir) => {
      if (!(await hasDatasetFolders(dir))) {
        out.stderr(`exports ${command}: ${JSON.stringify(head)} has no push_datasets/ or pull_datasets/ folder.\n`);
        return { code: 2 };
      }
      // Pull buckets that the commit's own history removed, not the checked-out branch's.
      const retained = (_: string, prefix: string) => retainedPullBuckets(repository, prefix, head);
      return { loaded: await loadConfig(dir, { ...options, retainedPullBuckets: retained }), root: repository };
    });
  } catch (error) {
    if (!(error instanceof GitRefError)) throw error;
    out.stderr(`exports ${command}: ${error.message}\n`);
    return { code: 2 };
  }
}

/**
 * Loads, validates and plans the datasets under `root` (or of git commit `head`, as
 * `loadDatasets` reads it), as every command past `validate` needs. On a problem it prints it the
 * way `validate` does and returns the exit code instead of a plan. `now` is the moment the plan is
 * for: datasets past their `expires` then grant nothing. `options` go to `loadConfig`: with the
 * base's names, a duplicate name is laid on the file the change added, as `validate --base` does.
 */
export async function loadPlan(
  command: string,
  root: string,
  out: Output,
  now?: Date,
  head?: string,
  options: LoadOptions = {},
): Promise<{ plan: Plan; config: Config; root: string } | { code: number }> {
  const datasets = await loadDatasets(command, root, out, head, options);
  if ("code" in datasets) return datasets;
  const { loaded, root: dir } = datasets;
  // Past its expires a dataset is planned without grants (validate reports it as an error).
  const planned = buildPlan(loaded.value, now);
  const errors = [...loaded.errors, ...planned.errors];
  if (errors.length > 0) {
    out.stderr(formatResult({ ...loaded, errors }, "text"));
    out.stderr(`exports ${command}: fix the errors above first (npx exports validate shows them too).\n`);
    return { code: 1 };
  }
  return { plan: planned.value, config: loaded.value, root: dir };
}
