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

  it("checks a pull request as the issue asks: tests, inline errors, the branch rule, and the plan", () => {
    const lines = runs(workflow("pull-request.yml")).join("\n");
    expect(lines).toContain("npm test");
    expect(lines).toContain("npx exports validate --format github");
    expect(lines).toContain('npx exports check-branch --branch "$BRANCH" --base "$BASE" --format github');
    expect(lines).toContain('npx exports plan --base "$BASE" --format markdown > plan-full.md');
    expect(lines).toContain(
      'npx exports plan --base "$BASE" --format markdown --max-length 65000 --full-plan-url "$RUN_URL" > plan.md',
    );
    const upload = steps(workflow("pull-request.yml")).find(({ step }) =>
      step.uses?.startsWith("actions/upload-artifact"),
    );
    expect(upload?.step.with).toMatchObject({ name: "plan", path: "plan.md\nplan-full.md\npull-request\n" });
    expect(upload?.step.if).toBe("always()");
  });

  it("links a plan too long for a comment to its run, whose artifact holds the whole plan", () => {
    const plan = steps(workflow("pull-request.yml")).find(({ step }) => step.run?.includes("--full-plan-url"));
    // The run's page lists its artifacts; the address is built from GitHub's own context, never the branch's.
    expect(plan?.step.env?.RUN_URL).toBe(
      "${{ github.server_url }}/${{ github.repository }}/actions/runs/${{ github.run_id }}",
    );
    // Room for what plan-comment.yml adds (a warning about code changes and a footer) within 65,536.
    const maxLength = Number(/--max-length (\d+)/.exec(plan?.step.run ?? "")?.[1]);
    expect(maxLength).toBeGreaterThanOrEqual(60_000);
    expect(maxLength).toBeLessThanOrEqual(65_536 - 500);
  });

  it("posts the plan from a separate workflow that starts when the pull request's run completes", () => {
    const comment = workflow("plan-comment.yml");
    expect(comment.on).toEqual({
      workflow_run: { workflows: [workflow("pull-request.yml").name], types: ["completed"] },
    });
    const download = steps(comment).find(({ step }) => step.uses?.startsWith("actions/download-artifact"));
    expect(download?.step.with).toMatchObject({ name: "plan", "run-id": "${{ github.event.workflow_run.id }}" });
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
});
