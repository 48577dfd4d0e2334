import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { validateWorkflow } from "@action-validator/core";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { run } from "../src/cli/program";
import { REPO } from "./synth";

const DIR = join(REPO, ".github/workflows");
const files = readdirSync(DIR).filter((f) => f.endsWith(".yml"));
type Workflow = {
  permissions?: Record<string, string>;
  jobs: Record<
    string,
    { environment?: string; steps: { run?: string; uses?: string; with?: Record<string, string> }[] }
  >;
};
const workflow = (name: string) => parse(readFileSync(join(DIR, name), "utf8")) as Workflow;
const runs = (w: Workflow) => Object.values(w.jobs).flatMap((j) => j.steps.flatMap((s) => (s.run ? [s.run] : [])));

describe("the GitHub workflows", () => {
  it.each(files)("%s is valid against GitHub's workflow schema", (file) => {
    expect(validateWorkflow(readFileSync(join(DIR, file), "utf8")).errors).toEqual([]);
  });

  it.each(files)("%s calls only commands and scripts that exist", async (file) => {
    const scripts = Object.keys(
      (JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts,
    );
    for (const line of runs(workflow(file))) {
      const exportsCommand = /npx exports ([\w-]+)/.exec(line)?.[1];
      if (exportsCommand)
        expect(await run([exportsCommand, "--help"], { stdout: () => undefined, stderr: () => undefined }), line).toBe(
          0,
        );
      const npmScript = /^npm (?:run )?(\w+)/.exec(line)?.[1];
      if (npmScript && npmScript !== "ci") expect(scripts, line).toContain(npmScript);
    }
  });

  it("checks a pull request as the issue asks: tests, inline errors, the branch rule, and one plan comment", () => {
    const lines = runs(workflow("pull-request.yml")).join("\n");
    expect(lines).toContain("npm test");
    expect(lines).toContain("npx exports validate --format github");
    expect(lines).toContain("npx exports check-branch");
    expect(lines).toMatch(/npx exports plan --base "origin\/\$\{\{ github.base_ref \}\}" --format markdown/);
    const script =
      workflow("pull-request.yml").jobs.check?.steps.find((s) => s.uses?.startsWith("actions/github-script"))?.with
        ?.script ?? "";
    expect(script).toContain("<!-- data-exports plan -->");
    expect(script).toContain("updateComment");
  });

  it("deploys on merge with OpenID Connect and no stored keys, behind the protected environment", () => {
    const deploy = workflow("deploy.yml");
    expect(deploy.permissions?.["id-token"]).toBe("write");
    expect(readFileSync(join(DIR, "deploy.yml"), "utf8")).not.toMatch(
      /aws-access-key-id|aws-secret-access-key|secrets\.AWS/,
    );
    expect(deploy.jobs.deploy?.environment).toBe("production");
    expect(runs(deploy).join("\n")).toContain("npx cdk diff");
  });
});
