import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { REPO } from "../synth";

const WORKFLOWS = join(REPO, ".github/workflows");

export interface Step {
  name?: string;
  uses?: string;
  run?: string;
  env?: Record<string, string>;
  with?: Record<string, string | number | boolean>;
  if?: string;
}

export interface Job {
  "runs-on"?: string;
  permissions?: Record<string, string> | string;
  environment?: string | { name: string };
  needs?: string | string[];
  if?: string;
  /** A reusable workflow, instead of steps. */
  uses?: string;
  steps?: Step[];
}

export interface Workflow {
  name?: string;
  on: string | string[] | Record<string, unknown>;
  permissions?: Record<string, string> | string;
  jobs: Record<string, Job>;
}

/** Every workflow file, including any added after this test was written (.yml and .yaml alike). */
export const workflowFiles = (): string[] =>
  readdirSync(WORKFLOWS)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort();

export const workflowText = (file: string) => readFileSync(join(WORKFLOWS, file), "utf8");
export const workflow = (file: string) => parse(workflowText(file)) as Workflow;

/**
 * The steps of every composite action under .github/actions/, as a workflow of one job, so that
 * the checks on workflows apply to them too (their `run:` is as much a shell script).
 */
export function compositeActions(): { file: string; workflow: Workflow }[] {
  const dir = join(REPO, ".github/actions");
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => /(^|\/)action\.ya?ml$/.test(f))
    .map((f) => {
      const action = parse(readFileSync(join(dir, f), "utf8")) as { runs?: { steps?: Step[] } };
      return {
        file: `.github/actions/${f}`,
        workflow: { on: [], jobs: { composite: { steps: action.runs?.steps ?? [] } } },
      };
    });
}

/** The events that start a workflow. */
export function triggers(w: Workflow): string[] {
  if (typeof w.on === "string") return [w.on];
  return Array.isArray(w.on) ? w.on : Object.keys(w.on);
}

/** Every step of every job, with where it is, for messages. */
export function steps(w: Workflow): { job: string; jobDef: Job; step: Step; where: string }[] {
  return Object.entries(w.jobs).flatMap(([job, jobDef]) =>
    (jobDef.steps ?? []).map((step, i) => ({ job, jobDef, step, where: `job ${job}, step ${step.name ?? i + 1}` })),
  );
}

export const runs = (w: Workflow) => steps(w).flatMap(({ step }) => (step.run ? [step.run] : []));

/**
 * Every `${{ … }}` inside text that a runner executes as code: a step's `run:` (a shell script)
 * and a `script:` input (actions/github-script's JavaScript). GitHub substitutes expressions into
 * that text before the shell or Node reads it, so a branch name, a title or any other text
 * someone else chose becomes code. Values reach code through `env:` instead, where they stay data.
 * The rule is deliberately every expression, not a list of dangerous ones: a list misses the next
 * free-text field, and a value that is safe today (a number) is one edit away from one that is not.
 */
export function expressionsInCode(w: Workflow): { where: string; expression: string }[] {
  const found: { where: string; expression: string }[] = [];
  for (const { step, where } of steps(w)) {
    const code: [string, unknown][] = [
      ["run", step.run],
      ["script", step.with?.script],
    ];
    for (const [key, text] of code) {
      if (typeof text !== "string") continue;
      for (const m of text.matchAll(/\$\{\{[\s\S]*?\}\}/g))
        found.push({ where: `${where}, ${key}:`, expression: m[0] });
    }
  }
  return found;
}
