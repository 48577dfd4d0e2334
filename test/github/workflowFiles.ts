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

/** Git and gh commands that put a commit's files into the working tree, where later steps run code. */
const CHECKS_OUT =
  /\bgit\b[^\n|;&]*?\s(?:checkout|switch|worktree|restore|reset|merge(?!-)|pull|read-tree|stash|apply|am|archive|clone)\b|\bgh\s+pr\s+checkout\b|\btar\b/;

/** The repository's own scripts a `run:` calls (scripts/….sh), which run with the step's token as much as its text. */
export const scriptsRun = (run: string): string[] => [...run.matchAll(/\bscripts\/[\w./-]+\.sh\b/g)].map((m) => m[0]);

/**
 * What would let a privileged workflow (one that runs with this repository's token while someone
 * else chose its input) check out or run a pull request's code: a checkout of another ref or
 * repository, a download of another run's artifact (a fork's run writes it), a dependency cache
 * (a pull_request_target run may write the default branch's), a git or gh command that puts a
 * commit's files in the working tree (in a step or in a script it runs), or an `exports` command
 * that reads the working tree's datasets instead of the pull request's as data (`--head`).
 * `readScript` gives a script's text, for the commands inside it.
 */
export function privilegedProblems(w: Workflow, readScript: (path: string) => string): string[] {
  const problems: string[] = [];
  for (const { where, step } of steps(w)) {
    if (step.uses?.startsWith("actions/checkout")) {
      for (const input of ["ref", "repository"])
        if (step.with?.[input] !== undefined) problems.push(`${where}: checks out with ${input}:`);
    }
    if (step.uses?.startsWith("actions/download-artifact")) problems.push(`${where}: downloads another run's artifact`);
    if (step.uses?.startsWith("actions/setup-node") && step.with?.cache !== undefined)
      problems.push(`${where}: caches dependencies`);
    const run = step.run ?? "";
    // Comment lines say what a script does not do, in words the pattern would take for commands.
    const code = (text: string) => text.replace(/^\s*#.*$/gm, "");
    for (const [text, from] of [[run, "run:"], ...scriptsRun(run).map((s) => [readScript(s), s])] as const)
      if (CHECKS_OUT.test(code(text))) problems.push(`${where}: ${from} puts a commit's files in the working tree`);
    for (const line of run.split("\n"))
      if (/npx exports (validate|plan|check-branch)\b/.test(line) && !/--head\b/.test(line))
        problems.push(`${where}: ${line.trim()} reads the checked-out datasets, not the pull request's (--head)`);
  }
  return problems;
}
