import { buildPlan } from "../../plan/plan";
import { GitRefError, baseConfig } from "../../report/baseConfig";
import { compareAccess } from "../../report/changes";
import { datasetAccess } from "../../report/datasetAccess";
import { formatPlan, type PlanFormat } from "../../report/formatPlan";
import { loadPlan } from "../loadPlan";
import type { Output } from "../output";

export interface PlanOptions {
  root: string;
  format: PlanFormat;
  base?: string;
  /** The moment the plan is for: datasets past their expires grant nothing, in the base too. */
  now?: Date;
}

/** `exports plan`: who may do what, per dataset; with --base, only what changes against that git ref. */
export async function planCommand(options: PlanOptions, out: Output): Promise<number> {
  const loaded = await loadPlan("plan", options.root, out, options.now);
  if ("code" in loaded) return loaded.code;
  let base;
  if (options.base !== undefined) {
    try {
      base = datasetAccess(buildPlan(await baseConfig(loaded.root, options.base), options.now).value);
    } catch (error) {
      if (!(error instanceof GitRefError)) throw error;
      out.stderr(`exports plan: ${error.message}\n`);
      return 2;
    }
  }
  out.stdout(formatPlan(compareAccess(datasetAccess(loaded.plan), base), options.format, options.base));
  return 0;
}
