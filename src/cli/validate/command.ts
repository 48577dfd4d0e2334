import { expiryIssues } from "../../config/expiryRules";
import { partition, type Issue } from "../../config/issue";
import { leftBehind, takeOverIssues, takeOvers } from "../../config/takeOvers";
import { buildPlan } from "../../plan/plan";
import { GitRefError, baseConfig } from "../../report/baseConfig";
import { loadDatasets } from "../loadPlan";
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
  const datasets = await loadDatasets("validate", options.root, out, options.head);
  if ("code" in datasets) return datasets.code;
  const { loaded, root } = datasets;
  let baseFiles: Set<string> | undefined;
  let takingOver: Issue[] = [];
  if (options.base !== undefined) {
    try {
      const base = await baseConfig(root, options.base);
      baseFiles = new Set([...base.push, ...base.pull].map((d) => d.file));
      // What a removed dataset left behind is judged only for the datasets the change adds (decision 0004).
      const left = await leftBehind(root, options.base, base, loaded.value);
      takingOver = takeOverIssues(loaded.value, base, takeOvers(loaded.value, base, left));
    } catch (error) {
      if (!(error instanceof GitRefError)) throw error;
      out.stderr(`exports validate: ${error.message}\n`);
      return 2;
    }
  }
  const expiry = partition(expiryIssues(loaded.value, options.now, baseFiles));
  // Limits that only datasets together can break (a user's combined policy) are checked too.
  const result = {
    ...loaded,
    errors: [...loaded.errors, ...buildPlan(loaded.value, options.now).errors, ...expiry.errors, ...takingOver],
    warnings: [...loaded.warnings, ...expiry.warnings],
  };
  out.stdout(formatResult(result, options.format));
  return result.errors.length > 0 ? 1 : 0;
}
