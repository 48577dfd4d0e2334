import { expiryIssues } from "../../config/expiryRules";
import { partition } from "../../config/issue";
import { loadConfig } from "../../config/loadConfig";
import { buildPlan } from "../../plan/plan";
import { GitRefError, baseConfig } from "../../report/baseConfig";
import { datasetRoot } from "../loadPlan";
import type { Output } from "../output";
import { formatResult, type Format } from "./format";

export interface ValidateOptions {
  root: string;
  format: Format;
  /** A git ref: dataset files not in it are new (with require_expires, they must give expires). */
  base?: string;
  /** The moment to judge `expires` at. */
  now: Date;
}

/** `exports validate`: 0 when there are no errors (warnings allowed), 1 when there are, 2 for a wrong root. */
export async function validateCommand(options: ValidateOptions, out: Output): Promise<number> {
  const root = await datasetRoot("validate", options.root, out);
  if (!root) return 2;
  let baseFiles: Set<string> | undefined;
  let baseNames: Map<string, string> | undefined;
  if (options.base !== undefined) {
    try {
      const base = await baseConfig(root, options.base);
      baseNames = new Map([...base.push, ...base.pull].map((d) => [d.file, d.name]));
      baseFiles = new Set(baseNames.keys());
    } catch (error) {
      if (!(error instanceof GitRefError)) throw error;
      out.stderr(`exports validate: ${error.message}\n`);
      return 2;
    }
  }
  const loaded = await loadConfig(root, baseNames ? { base: baseNames } : {});
  const expiry = partition(expiryIssues(loaded.value, options.now, baseFiles));
  // Limits that only datasets together can break (a user's combined policy) are checked too.
  const result = {
    ...loaded,
    errors: [...loaded.errors, ...buildPlan(loaded.value, options.now).errors, ...expiry.errors],
    warnings: [...loaded.warnings, ...expiry.warnings],
  };
  out.stdout(formatResult(result, options.format));
  return result.errors.length > 0 ? 1 : 0;
}
