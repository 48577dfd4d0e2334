import { describe, expect, it } from "vitest";
import { steps, workflow } from "./workflowFiles";

describe("agreements-ending.yml", () => {
  const w = workflow("agreements-ending.yml") as ReturnType<typeof workflow> & {
    on: { schedule: { cron: string }[]; workflow_dispatch: unknown };
  };

  it("runs daily and on demand", () => {
    expect(w.on.schedule).toEqual([{ cron: expect.stringMatching(/^\d+ \d+ \* \* \*$/) as string }]);
    expect(w.on).toHaveProperty("workflow_dispatch");
  });

  it("may only write the branch and the pull request it proposes", () => {
    expect(w.permissions).toEqual({});
    expect(w.jobs.propose?.permissions).toEqual({ contents: "write", "pull-requests": "write" });
  });

  it("leaves its logic to the tested command and script", () => {
    const runs = steps(w).flatMap(({ step }) => (step.run ? [step.run] : []));
    expect(runs.join("\n")).toContain("npx exports expiring --format markdown --remove-expired");
    expect(runs.join("\n")).toContain("scripts/agreements-ending.sh");
  });
});
