import { resolve } from "node:path";
import type { Config } from "../../config/config";
import { expiryIssues } from "../../config/expiryRules";
import { partition, type Issue } from "../../config/issue";
import { leftBehind, takeOverIssues, takeOvers } from "../../config/takeOvers";
import { buildPlan } from "../../plan/plan";
import { GitRefError, baseConfig, baseNames as namesOf } from "../../report/baseConfig";
import { datasetRoot, loadDatasets } from "../loadPlan";
import type { Output } from "../output";
import { formatResult, type Format } from "./format";

export interface ValidateOptions {
  root: string;
  format: Format;
  /**
   * A git ref: dataset files not in it are new (with require_expires, they must give expires), and
   * a new dataset may take over what a removed one left behind only by saying so (takes_over).
   */
  base?: string;
  /** A git commit whose dataset files to judge, read from git as data, instead of the working tree. */
  head?: string;
  /** The moment to judge `expires` at. */
  now: Date;
}

/** `exports validate`: 0 when there are no errors (warnings allowed), 1 when there are, 2 for a wrong root. */
export async function validateCommand(options: ValidateOptions, out: Output): Promise<number> {
  if (options.head === undefined && !(await datasetRoot("validate", options.root, out))) return 2;
  const root = resolve(options.root);
  let base: Config | undefined;
  if (options.base !== undefined) {
    try {
      base = await baseConfig(root, options.base);
    } catch (error) {
      if (!(error instanceof GitRefError)) throw error;
      out.stderr(`exports validate: ${error.message}\n`);
      return 2;
    }
  }
  const baseNames = base && namesOf(base);
  const datasets = await loadDatasets("validate", root, out, options.head, baseNames ? { base: baseNames } : {});
  if ("code" in datasets) return datasets.code;
  const { loaded } = datasets;
  const takingOver =
    base && options.base !== undefined ? await takeOverErrors(root, options.base, base, loaded.value) : [];
  const expiry = partition(expiryIssues(loaded.value, options.now, baseNames && new Set(baseNames.keys())));
  // Limits that only datasets together can break (a user's combined policy) are checked too.
  const result = {
    ...loaded,
    errors: [...loaded.errors, ...buildPlan(loaded.value, options.now).errors, ...expiry.errors, ...takingOver],
    warnings: [...loaded.warnings, ...expiry.warnings],
  };
  out.stdout(formatResult(result, options.format));
  return result.errors.length > 0 ? 1 : 0;
}

/** What a removed dataset left behind is judged only for the datasets the change adds (decision 0004). */
async function takeOverErrors(root: string, ref: string, base: Config, head: Config): Promise<Issue[]> {
  const left = await leftBehind(root, ref, base, head);
  return takeOverIssues(head, base, takeOvers(head, base, left));
}
