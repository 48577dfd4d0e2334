import { resolve } from "node:path";
import type { Config } from "../../config/config";
import { buildPlan } from "../../plan/plan";
import { GitRefError, baseConfig, baseNames } from "../../report/baseConfig";
import { changedFiles } from "../../report/changedFiles";
import { compareAccess, markTakeOvers } from "../../report/changes";
import { datasetAccess } from "../../report/datasetAccess";
import { leftBehind, takeOvers } from "../../config/takeOvers";
import { formatPlan, type PlanFormat } from "../../report/formatPlan";
import type { PlanReport } from "../../report/planReport";
import { repositoryChanges } from "../../report/repositoryChanges";
import { datasetRoot, loadPlan } from "../loadPlan";
import type { Output } from "../output";

export interface PlanOptions {
  root: string;
  format: PlanFormat;
  base?: string;
  /** A git commit whose dataset files to plan, read from git as data, instead of the working tree. */
  head?: string;
  /** The moment the plan is for: datasets past their expires grant nothing, in the base too. */
  now?: Date;
  /** Markdown: the longest comment to write (GitHub's limit is 65,536 characters). */
  maxLength?: number;
  /** Markdown: where the full plan is published, linked from a summary. */
  fullPlanUrl?: string;
}

/** The shortest --max-length that still leaves room for the summary's counts and link. */
const MIN_MAX_LENGTH = 1_000;

/** `exports plan`: who may do what, per dataset; with --base, only what changes against that git ref. */
export async function planCommand(options: PlanOptions, out: Output): Promise<number> {
  if (
    options.maxLength !== undefined &&
    !(Number.isInteger(options.maxLength) && options.maxLength >= MIN_MAX_LENGTH)
  ) {
    out.stderr(`exports plan: --max-length must be a whole number of at least ${MIN_MAX_LENGTH}, e.g. 65536.\n`);
    return 2;
  }
  const base = options.base === undefined ? undefined : await readBase(options, options.base, out);
  if (base === null) return 2;
  const loaded = await loadPlan(
    "plan",
    options.root,
    out,
    options.now,
    options.head,
    base ? { base: baseNames(base.config) } : {},
  );
  if ("code" in loaded) return loaded.code;
  const head = datasetAccess(loaded.plan);
  let report: PlanReport = { changes: compareAccess(head, undefined) };
  if (base) {
    try {
      const files = await changedFiles(loaded.root, base.ref, options.head);
      const left = await leftBehind(loaded.root, base.ref, base.config, loaded.config);
      report = {
        changes: markTakeOvers(
          compareAccess(head, datasetAccess(buildPlan(base.config, options.now).value)),
          takeOvers(loaded.config, base.config, left),
        ),
        base: base.ref,
        repository: repositoryChanges(files, base.config.settings, loaded.plan.settings),
      };
    } catch (error) {
      if (!(error instanceof GitRefError)) throw error;
      out.stderr(`exports plan: ${error.message}\n`);
      return 2;
    }
  }
  out.stdout(formatPlan(report, options.format, options));
  return 0;
}

/**
 * The config at `ref`, read before the head so the head's names are judged against it; null
 * after saying why when the root or the ref cannot be read (exit code 2), the root first, as
 * without --base.
 */
async function readBase(
  options: PlanOptions,
  ref: string,
  out: Output,
): Promise<{ ref: string; config: Config } | null> {
  const root = resolve(options.root);
  if (options.head === undefined && !(await datasetRoot("plan", root, out))) return null;
  try {
    return { ref, config: await baseConfig(root, ref) };
  } catch (error) {
    if (!(error instanceof GitRefError)) throw error;
    out.stderr(`exports plan: ${error.message}\n`);
    return null;
  }
}
