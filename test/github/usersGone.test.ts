import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { validateWorkflow } from "@action-validator/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCli } from "../cli/runCli";
import { REPO } from "../synth";
import { proposingRepository } from "./proposingRepository";
import { expressionsInCode, runs, steps, workflow, workflowText } from "./workflowFiles";

const FILE = "users-gone.yml";

describe("users-gone.yml", () => {
  const w = workflow(FILE) as ReturnType<typeof workflow> & {
    on: { schedule: { cron: string }[]; workflow_dispatch: unknown };
  };

  it("is valid against GitHub's workflow schema", () => {
    expect(validateWorkflow(workflowText(FILE)).errors).toEqual([]);
  });

  it("runs daily and on demand, and on nothing someone else starts", () => {
    expect(w.on.schedule).toEqual([{ cron: expect.stringMatching(/^\d+ \d+ \* \* \*$/) as string }]);
    expect(Object.keys(w.on).sort()).toEqual(["schedule", "workflow_dispatch"]);
  });

  it("may only write its branch and pull request, and ask for the read-only AWS role", () => {
    expect(w.permissions).toEqual({});
    expect(Object.keys(w.jobs)).toEqual(["propose"]);
    expect(w.jobs.propose?.permissions).toEqual({
      contents: "write",
      "pull-requests": "write",
      "id-token": "write",
    });
    const roles = steps(w).flatMap(({ step }) => (step.with?.["role-to-assume"] ? [step.with["role-to-assume"]] : []));
    expect(roles).toEqual(["${{ vars.AWS_DIFF_ROLE_ARN }}"]);
    expect(w.jobs.propose?.environment).toBeUndefined();
  });

  it("takes no expression into a shell, and keeps no token in the checkout", () => {
    expect(expressionsInCode(w)).toEqual([]);
    for (const { step } of steps(w))
      if (step.uses?.startsWith("actions/checkout")) expect(step.with?.["persist-credentials"]).toBe(false);
  });

  it("leaves its logic to the tested command and script, after checking the packages' signatures", () => {
    const lines = runs(w);
    expect(lines.indexOf("npm audit signatures")).toBeGreaterThan(lines.indexOf("npm ci"));
    expect(lines.join("\n")).toContain('npx exports prune-users --aws --format json > "$RUNNER_TEMP/users-gone.json"');
    expect(lines.at(-1)).toBe('scripts/users-gone.sh "$RUNNER_TEMP/users-gone.json"');
  });
});

/** What `exports prune-users --format json` writes, with only the parts the script reads. */
const summary = (parts: { gone?: unknown[]; leftAlone?: unknown[]; unchecked?: unknown[] }) =>
  JSON.stringify({ gone: [], leftAlone: [], unchecked: [], refused: [], body: "the body\n", ...parts });
const GONE = { user: "alpha_user_tomasz_w", removedFrom: [{ file: "push_datasets/prison_population_hub.yaml" }] };

describe("scripts/users-gone.sh", () => {
  let root: string;
  let repo: Awaited<ReturnType<typeof proposingRepository>>;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), "exports-users-gone-"));
    for (const item of ["push_datasets", "pull_datasets", "exports.settings.yaml"])
      await cp(join(REPO, item), join(root, item), { recursive: true });
    repo = await proposingRepository(root);
  });
  afterEach(() => Promise.all([repo.dispose(), rm(root, { recursive: true, force: true })]));

  /** Runs the script on `json` as the workflow does. */
  async function script(json: string, open = "") {
    await writeFile(join(repo.bin, "users-gone.json"), json);
    return repo.run(join(REPO, "scripts/users-gone.sh"), [join(repo.bin, "users-gone.json")], open);
  }
  const pushed = () => repo.pushed("maintenance/users-gone");

  it("commits exactly the edited dataset files and opens the pull request with the command's body", async () => {
    const file = join(root, "push_datasets/prison_population_hub.yaml");
    await writeFile(file, (await readFile(file, "utf8")).replace("  - alpha_user_tomasz_w\n", ""));
    const { calls, failed } = await script(summary({ gone: [GONE] }));
    expect(failed).toBeUndefined();
    expect(calls.at(-1)).toMatch(
      /^pr create --base main --head maintenance\/users-gone --title Data exports: users whose roles no longer exist --body-file \S+$/,
    );
    expect((await pushed()).trim().split("\n").filter(Boolean)).toEqual([
      "Remove users whose roles no longer exist: alpha_user_tomasz_w",
      "M\tpush_datasets/prison_population_hub.yaml",
    ]);
  });

  it("proposes from a branch the pull-request check lets change dataset files", async () => {
    const file = join(root, "push_datasets/prison_population_hub.yaml");
    await writeFile(file, (await readFile(file, "utf8")).replace("  - alpha_user_tomasz_w\n", ""));
    await script(summary({ gone: [GONE] }));
    const { code, stdout } = await runCli([
      "check-branch",
      "--branch",
      "maintenance/users-gone",
      "--base",
      "main",
      "--root",
      root,
    ]);
    expect([code, stdout]).toEqual([0, expect.stringContaining("✔ maintenance branch")]);
  });

  it("updates the open pull request instead of opening another", async () => {
    const { calls } = await script(summary({ leftAlone: [{ file: "pull_datasets/legal_aid_costs.yaml" }] }), "17");
    expect(calls.at(-1)).toMatch(/^pr edit 17 --title Data exports: users whose roles no longer exist --body-file /);
    expect((await pushed()).trim()).toBe("Users whose roles no longer exist (nothing removed)");
  });

  it("closes the open pull request once every role exists", async () => {
    const { calls, failed } = await script(summary({}), "17");
    expect(failed).toBeUndefined();
    expect(calls.at(-1)).toMatch(/^pr close 17 --delete-branch --comment /);
  });

  it("keeps the open pull request and fails the run when the check was incomplete", async () => {
    const { calls, failed } = await script(summary({ unchecked: [{ user: "alpha_user_x" }] }), "17");
    expect(calls.some((c) => c.startsWith("pr close"))).toBe(false);
    expect(failed).toContain("::error::IAM gave no clear answer about 1 user(s)");
  });

  it("refuses to propose anything when a file other than a dataset file changed", async () => {
    await writeFile(join(root, "exports.settings.yaml"), "region: eu-west-2\n");
    const { calls, failed } = await script(summary({ gone: [GONE] }));
    expect(failed).toContain("::error::Refusing to propose");
    expect(calls).toEqual([""]);
  });
});
