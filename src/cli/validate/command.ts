import { loadConfig } from "../../config/loadConfig";
import { buildPlan } from "../../plan/plan";
import { datasetRoot } from "../loadPlan";
import type { Output } from "../output";
import { formatResult, type Format } from "./format";

export interface ValidateOptions {
  root: string;
  format: Format;
}

/** `exports validate`: 0 when there are no errors (warnings allowed), 1 when there are, 2 for a wrong root. */
export async function validateCommand(options: ValidateOptions, out: Output): Promise<number> {
  const root = await datasetRoot("validate", options.root, out);
  if (!root) return 2;
  const loaded = await loadConfig(root);
  // Limits that only datasets together can break (a user's combined policy) are checked too.
  const result = { ...loaded, errors: [...loaded.errors, ...buildPlan(loaded.value).errors] };
  out.stdout(formatResult(result, options.format));
  return result.errors.length > 0 ? 1 : 0;
}
