import { resolve } from "node:path";
import type { Config } from "../config/config";
import { hasDatasetFolders, loadConfig } from "../config/loadConfig";
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
 * Loads, validates and plans the datasets under `root`, as every command past `validate` needs.
 * On a problem it prints it the way `validate` does and returns the exit code instead of a plan.
 * `now` is the moment the plan is for: datasets past their `expires` then grant nothing.
 */
export async function loadPlan(
  command: string,
  root: string,
  out: Output,
  now?: Date,
): Promise<{ plan: Plan; config: Config; root: string } | { code: number }> {
  const dir = await datasetRoot(command, root, out);
  if (!dir) return { code: 2 };
  const loaded = await loadConfig(dir);
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
