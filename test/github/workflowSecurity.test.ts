import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { REPO } from "../synth";
import {
  compositeActions,
  expressionsInCode,
  privilegedProblems,
  steps,
  triggers,
  workflow,
  workflowFiles,
  workflowText,
  type Job,
  type Workflow,
} from "./workflowFiles";

const files = workflowFiles();
const readScript = (path: string) => readFileSync(join(REPO, path), "utf8");

/** Events whose workflow runs with this repository's token and secrets while someone else chose its input. */
const PRIVILEGED_UNTRUSTED = ["pull_request_target", "workflow_run", "issue_comment", "issues", "discussion_comment"];
/** Events only people with write access can cause, on this repository's own branches. */
const TRUSTED = ["push", "schedule", "workflow_dispatch"];

const grants = (job: Job) => (typeof job.permissions === "object" ? job.permissions : {});

describe("no text someone else chose reaches a shell or a script as code", () => {
  it.each(files)("%s has no ${{ }} expression inside run: or script:", (file) => {
    const found = expressionsInCode(workflow(file)).map(
      ({ where, expression }) => `${file}: ${where} ${expression}: pass it through env: and use the variable instead`,
    );
    expect(found).toEqual([]);
  });

  it("no composite action has one either", () => {
    const found = compositeActions().flatMap(({ file, workflow: w }) =>
      expressionsInCode(w).map(({ where, expression }) => `${file}: ${where} ${expression}`),
    );
    expect(found).toEqual([]);
  });

  const job = (step: string) =>
    parse(`on: pull_request\njobs:\n  j:\n    runs-on: ubuntu-24.04\n    steps:\n${step}`) as Workflow;
  it.each([
    { name: "the head branch", step: '      - run: echo "${{ github.head_ref }}"' },
    { name: "a title, without spaces", step: "      - run: echo ${{github.event.pull_request.title}}" },
    { name: "a body", step: "      - run: |\n          x\n          echo '${{ github.event.issue.body }}'" },
    { name: "a comment", step: "      - run: echo ${{ github.event.comment.body }}" },
    { name: "a commit message", step: "      - run: echo ${{ github.event.head_commit.message }}" },
    { name: "a label", step: "      - run: echo ${{ github.event.pull_request.head.label }}" },
    { name: "another run's branch", step: "      - run: echo ${{ github.event.workflow_run.head_branch }}" },
    { name: "a workflow_dispatch input", step: "      - run: echo ${{ inputs.dataset }}" },
    { name: "a step's output", step: "      - run: echo ${{ steps.read.outputs.name }}" },
    { name: "a function of the branch", step: "      - run: echo ${{ format('{0}', github.head_ref) }}" },
    {
      name: "github-script",
      step: "      - uses: actions/github-script@v8\n        with:\n          script: console.log(`${{ github.event.pull_request.body }}`)",
    },
  ])("the check finds $name", ({ step }) => {
    expect(expressionsInCode(job(step))).toHaveLength(1);
  });

  it("the check accepts the same values passed through env:", () => {
    const safe = job('      - env:\n          BRANCH: ${{ github.head_ref }}\n        run: echo "$BRANCH"');
    expect(expressionsInCode(safe)).toEqual([]);
  });
});

describe("each job has only the permissions it needs", () => {
  it.each(files)("%s grants nothing at the top and declares each job's permissions", (file) => {
    const w = workflow(file);
    expect(w.permissions, `${file}: top-level permissions`).toEqual({});
    for (const [name, job] of Object.entries(w.jobs))
      expect(typeof job.permissions, `${file}: job ${name} must list its permissions`).toBe("object");
  });

  it.each(files)("%s: a job that runs a pull request's code can only read", (file) => {
    const w = workflow(file);
    if (!triggers(w).includes("pull_request")) return;
    for (const [name, job] of Object.entries(w.jobs)) {
      for (const [scope, level] of Object.entries(grants(job)))
        expect(level === "read" && scope !== "id-token", `${file}: job ${name} has ${scope}: ${level}`).toBe(true);
    }
  });

  it.each(files)("%s: a workflow a pull request starts uses no secret, and writes only to pull requests", (file) => {
    const w = workflow(file);
    if (!triggers(w).some((t) => t.startsWith("pull_request"))) return;
    expect(workflowText(file), `${file} must not use secrets`).not.toMatch(/secrets\./);
    for (const [name, job] of Object.entries(w.jobs))
      for (const [scope, level] of Object.entries(grants(job)))
        if (level !== "read") expect(scope, `${file}: job ${name} has ${scope}: ${level}`).toBe("pull-requests");
  });

  it.each(files)("%s: only a workflow that trusted events start may ask for an AWS token", (file) => {
    const w = workflow(file);
    const oidc = Object.entries(w.jobs).filter(([, job]) => grants(job)["id-token"] === "write");
    if (oidc.length === 0) return;
    expect(
      triggers(w).filter((t) => !TRUSTED.includes(t)),
      `${file}: triggers of a job with id-token: write`,
    ).toEqual([]);
  });

  it.each(files)("%s: only a job in the production environment may assume the deploy role", (file) => {
    for (const { job, jobDef, step } of steps(workflow(file))) {
      const role = step.with?.["role-to-assume"];
      if (role === undefined) continue;
      const environment = typeof jobDef.environment === "object" ? jobDef.environment.name : jobDef.environment;
      if (environment === "production") expect(role, `${file}: job ${job}`).toBe("${{ vars.AWS_DEPLOY_ROLE_ARN }}");
      else expect(role, `${file}: job ${job} outside production`).toBe("${{ vars.AWS_DIFF_ROLE_ARN }}");
    }
  });

  // pull_request_target and workflow_run run the default branch's workflow with a token that
  // writes, so they may run only the default branch's code; a pull request's files are data
  // (https://docs.github.com/en/actions/reference/security/securely-using-pull_request_target).
  it.each(files)("%s: a privileged workflow never checks out or runs the pull request's code", (file) => {
    const w = workflow(file);
    if (!triggers(w).some((t) => PRIVILEGED_UNTRUSTED.includes(t))) return;
    expect(privilegedProblems(w, readScript).map((p) => `${file}: ${p}`)).toEqual([]);
  });

  const privileged = (step: string) =>
    parse(`on: pull_request_target\njobs:\n  j:\n    runs-on: ubuntu-24.04\n    steps:\n${step}`) as Workflow;
  it.each([
    {
      name: "a checkout of the head",
      step: "      - uses: actions/checkout@v7\n        with:\n          ref: refs/pull/1/head",
    },
    {
      name: "a checkout of the fork",
      step: "      - uses: actions/checkout@v7\n        with:\n          repository: x/y",
    },
    { name: "git checkout", step: "      - run: git checkout refs/exports/merge" },
    { name: "git -c … switch", step: "      - run: git -c advice.x=0 switch --detach FETCH_HEAD" },
    { name: "git worktree", step: "      - run: git worktree add ../pr refs/exports/head" },
    { name: "git archive | tar", step: "      - run: git archive refs/exports/head | tar -x" },
    { name: "gh pr checkout", step: "      - run: gh pr checkout 1" },
    { name: "a script that checks out", step: "      - run: scripts/evil.sh" },
    { name: "an artifact of another run", step: "      - uses: actions/download-artifact@v8" },
    { name: "a dependency cache", step: "      - uses: actions/setup-node@v7\n        with:\n          cache: npm" },
    { name: "a plan of the working tree", step: '      - run: npx exports plan --base "$BASE"' },
  ])("the check finds $name", ({ step }) => {
    const evil = (path: string) => (path === "scripts/evil.sh" ? "git fetch origin x\ngit checkout FETCH_HEAD\n" : "");
    expect(privilegedProblems(privileged(step), evil)).toHaveLength(1);
  });

  it("the check accepts fetching into git, merging with merge-tree, and exports --head", () => {
    const safe = privileged(
      '      - uses: actions/checkout@v7\n        with:\n          persist-credentials: false\n      - run: scripts/fetch-pull-request.sh "$N" "$SHA" "$BASE"\n      - run: npx exports validate --head refs/exports/merge',
    );
    expect(privilegedProblems(safe, readScript)).toEqual([]);
  });

  it.each(files)("%s leaves no token in the checkout for later steps to read", (file) => {
    for (const { where, step } of steps(workflow(file)))
      if (step.uses?.startsWith("actions/checkout"))
        expect(step.with?.["persist-credentials"], `${file}: ${where}`).toBe(false);
  });
});

describe("every action is pinned to a commit", () => {
  const PINNED = /^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/;
  const usesOf = (w: Workflow) => [
    ...Object.values(w.jobs).flatMap((j) => (j.uses ? [j.uses] : [])),
    ...steps(w).flatMap(({ step }) => (step.uses ? [step.uses] : [])),
  ];

  it.each(files)("%s names every action by full commit SHA, with its version in a comment", (file) => {
    const w = workflow(file);
    for (const uses of usesOf(w)) {
      if (uses.startsWith("./")) continue; // this repository's own action, at the same commit
      if (uses.startsWith("docker://")) expect(uses, file).toMatch(/@sha256:[0-9a-f]{64}$/);
      else expect(uses, `${file}: a tag or branch can be moved to other code`).toMatch(PINNED);
    }
    // The version comment sits on the same line, where Dependabot updates it with the SHA.
    const lines = workflowText(file)
      .split("\n")
      .filter((l) => /^\s*(?:-\s+)?uses:/.test(l));
    expect(lines.length, `${file}: every uses: on a line of its own`).toBe(usesOf(w).length);
    for (const line of lines)
      if (!/uses:\s+\.\//.test(line)) expect(line, file).toMatch(/@[0-9a-f]{40} # v\d+(?:\.\d+){0,2}$/);
  });
});
