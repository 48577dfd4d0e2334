import { describe, expect, it } from "vitest";
import { workflow } from "./workflowFiles";

describe("the deploy workflow's pre-deploy check", () => {
  const steps = workflow("deploy.yml").jobs.deploy?.steps ?? [];
  const at = (pattern: RegExp) => steps.findIndex((s) => pattern.test(s.run ?? ""));
  const credentials = steps.findIndex((s) => s.uses?.startsWith("aws-actions/configure-aws-credentials"));
  const check = at(/^npx exports check-deploy$/);
  const deploy = at(/\bcdk deploy\b/);

  it("runs in the deploy job with the deploy role's credentials, before the deployment", () => {
    expect(credentials).toBeGreaterThanOrEqual(0);
    expect(check).toBeGreaterThan(credentials);
    expect(deploy).toBeGreaterThan(check);
  });

  it("stops the job when it fails: no condition or continue-on-error lets the deployment run after it", () => {
    for (const step of steps.slice(check, deploy + 1)) {
      expect(step.if, step.name ?? step.run).toBeUndefined();
      expect((step as { "continue-on-error"?: unknown })["continue-on-error"], step.name ?? step.run).toBeUndefined();
    }
  });

  it("is the only deployment: no other job of the workflow deploys", () => {
    const jobs = Object.entries(workflow("deploy.yml").jobs).filter(([, job]) =>
      (job.steps ?? []).some((s) => /\bcdk deploy\b/.test(s.run ?? "")),
    );
    expect(jobs.map(([name]) => name)).toEqual(["deploy"]);
  });
});
