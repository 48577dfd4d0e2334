import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { validateWorkflow } from "@action-validator/core";
import { describe, expect, it } from "vitest";
import { run } from "../../src/cli/program";
import { REPO } from "../synth";
import { runs, steps, workflow, workflowFiles, workflowText } from "./workflowFiles";

const packageJson = JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")) as {
  scripts: Record<string, string>;
  bin: Record<string, string>;
};
const files = workflowFiles();

describe("the GitHub workflows", () => {
  it.each(files)("%s is valid against GitHub's workflow schema", (file) => {
    expect(validateWorkflow(workflowText(file)).errors).toEqual([]);
  });

  it.each(files)("%s calls only commands and scripts that exist", async (file) => {
    for (const line of runs(workflow(file))) {
      for (const [, exportsCommand = ""] of line.matchAll(/npx exports ([\w-]+)/g)) {
        // `exports <unknown> --help` prints the general help and exits 0: the usage line tells them apart.
        let help = "";
        const code = await run([exportsCommand, "--help"], { stdout: (t) => (help += t), stderr: (t) => (help += t) });
        expect([code, help.split("\n")[0]], line).toEqual([0, `Usage: exports ${exportsCommand} [options]`]);
      }
      for (const [, npmScript = ""] of line.matchAll(/^\s*npm (?:run )?(\w+)/gm))
        if (!["ci", "audit"].includes(npmScript)) expect(Object.keys(packageJson.scripts), line).toContain(npmScript);
    }
  });

  // In CI, npx installs from the registry whatever it does not find, without asking: a missing or
  // misspelt command would run the latest release of some package of that name.
  it.each(files)("%s runs with npx only commands the lockfile installs, so npx never downloads", (file) => {
    for (const line of runs(workflow(file))) {
      for (const [, command = ""] of line.matchAll(/\bnpx\s+(\S+)/g)) {
        const installed = command in packageJson.bin || existsSync(join(REPO, "node_modules/.bin", command));
        expect(installed, `${file}: npx ${command}`).toBe(true);
      }
    }
  });

  it("runs the pull request's own tests after refusing what a dataset folder must not hold, and hands nothing on", () => {
    const w = workflow("pull-request.yml");
    const all = steps(w);
    // The check is the first step after the checkout: before Node, the engine's install or npm ci.
    expect(all[0]?.step.uses).toMatch(/^actions\/checkout@/);
    expect(all[1]?.step.run).toBe("scripts/check-dataset-folders.sh");
    expect(runs(w).join("\n")).toContain("npm test");
    // Its outputs reach no one: no artifact, no exports output that reviewers read.
    expect(all.filter(({ step }) => step.uses?.startsWith("actions/upload-artifact"))).toEqual([]);
    expect(runs(w).join("\n")).not.toMatch(/npx exports/);
  });

  it("judges the pull request with the base branch's code: inline errors, the branch rule, and the plan", () => {
    const w = workflow("plan-comment.yml");
    expect(w.on).toEqual({ pull_request_target: { branches: ["main"], types: ["opened", "synchronize", "reopened"] } });
    const order = steps(w).map(({ step }) => step.uses?.replace(/@.*/, "") ?? step.run ?? "");
    expect(order.slice(0, 4)).toEqual([
      "actions/checkout",
      'scripts/fetch-pull-request.sh "$PULL_REQUEST" "$HEAD_SHA" "$BASE"',
      "scripts/check-dataset-folders.sh refs/exports/merge",
      "actions/setup-node",
    ]);
    const lines = runs(w).join("\n");
    expect(lines).toContain('npx exports validate --format github --base "$BASE" --head refs/exports/merge');
    expect(lines).toContain(
      'npx exports check-branch --branch "$GITHUB_HEAD_REF" --base "$BASE" --head refs/exports/merge --format github',
    );
    expect(lines).toContain(
      'npx exports plan --base "$BASE" --head refs/exports/merge --format markdown --max-length 65000 --full-plan-url "$RUN_URL" > "$RUNNER_TEMP/plan.md"',
    );
  });

  // Issue #23: the job whose output the reviewer reads checks out the base branch only and runs
  // none of the pull request's files; workflowSecurity.test.ts holds every privileged workflow to this.
  it("makes the comment's plan in a job that checks out no pull-request code and runs none of its commands", () => {
    const w = workflow("plan-comment.yml");
    const checkouts = steps(w).filter(({ step }) => step.uses?.startsWith("actions/checkout"));
    expect(checkouts).toHaveLength(1);
    expect(checkouts[0]?.step.with).toEqual({ "fetch-depth": 0, "persist-credentials": false });
    const lines = runs(w).join("\n");
    expect(lines).not.toMatch(/npm (test|run|start|exec)|npx (?!exports )|\.\/|node /);
    expect(lines).not.toMatch(/\bgit (checkout|switch|worktree|reset|restore|pull)\b/);
    expect(steps(w).filter(({ step }) => step.uses?.startsWith("actions/download-artifact"))).toEqual([]);
    // The plan workflow must not be started by, or read anything from, the pull request's own run.
    expect(workflowText("plan-comment.yml")).not.toMatch(/workflow_run|github\.event\.workflow_run/);
  });

  it("links a plan too long for a comment to its run, whose artifact holds the whole plan", () => {
    const all = steps(workflow("plan-comment.yml"));
    const plan = all.find(({ step }) => step.run?.includes("--full-plan-url"));
    // The run's page lists its artifacts; the address is built from GitHub's own context, never the branch's.
    expect(plan?.step.env?.RUN_URL).toBe(
      "${{ github.server_url }}/${{ github.repository }}/actions/runs/${{ github.run_id }}",
    );
    // Room for what the posting step adds (a warning about code changes and a footer) within 65,536.
    const maxLength = Number(/--max-length (\d+)/.exec(plan?.step.run ?? "")?.[1]);
    expect(maxLength).toBeGreaterThanOrEqual(60_000);
    expect(maxLength).toBeLessThanOrEqual(65_536 - 500);
    const upload = all.find(({ step }) => step.uses?.startsWith("actions/upload-artifact"));
    expect(upload?.step.with).toMatchObject({ name: "plan", path: "${{ runner.temp }}/plan-full.md" });
  });

  it("deploys on merge with OpenID Connect and no stored keys, behind the protected environment", () => {
    const deploy = workflow("deploy.yml");
    expect(workflowText("deploy.yml")).not.toMatch(/aws-access-key-id|aws-secret-access-key|secrets\.AWS/);
    expect(deploy.jobs.deploy?.environment).toBe("production");
    expect(deploy.jobs.deploy?.needs).toBe("diff");
    expect(runs(deploy).join("\n")).toContain("npx cdk diff --all --method template");
    const roles = steps(deploy).flatMap(({ job, step }) =>
      step.uses?.startsWith("aws-actions/configure-aws-credentials") ? [[job, step.with?.["role-to-assume"]]] : [],
    );
    expect(roles).toEqual([
      ["diff", "${{ vars.AWS_DIFF_ROLE_ARN }}"],
      ["deploy", "${{ vars.AWS_DEPLOY_ROLE_ARN }}"],
    ]);
  });

  // A plan is made against main as it was at the pull request's last push: a dataset another pull
  // request removed since then is no take-over in it. What the push adds is judged again, against
  // main before the push, with the whole history the take-over rule reads (decision 0004).
  it("judges what a push to main adds against main before it, with the whole history, before the deployment", () => {
    const deploy = workflow("deploy.yml");
    const diff = steps(deploy).filter(({ job }) => job === "diff");
    expect(diff[0]?.step.with).toMatchObject({ "fetch-depth": 0 });
    const validate = diff.find(({ step }) => step.run?.includes("exports validate"));
    expect(validate?.step.env).toEqual({ BEFORE: "${{ github.event.before }}" });
    // The step's own script, run by bash as the runner runs it, with npx replaced by an echo.
    const validateWith = (before: string) =>
      spawnSync("bash", ["-e", "-c", `npx() { printf '%s\\n' "$*"; }\n${validate?.step.run ?? "exit 9"}`], {
        env: { PATH: process.env.PATH, BEFORE: before },
        encoding: "utf8",
      }).stdout.trim();
    const sha = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";
    expect(validateWith(sha)).toBe(`exports validate --format github --base ${sha}`);
    // A branch's first push names no commit before it (40 zeros): nothing to compare against.
    expect(validateWith("0".repeat(40))).toBe("exports validate --format github");
  });
});
