import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/loadConfig";
import { buildPlan } from "../../src/plan/plan";
import { FIXTURES } from "../support";

// Files written by hand for the old system, in every form issue 12 lists, taken over as they are.
const ROOT = join(FIXTURES, "repos/legacy-forms");

describe("a repository of the old system's file forms", () => {
  it("validates with warnings that say what to write, and no errors", async () => {
    const result = await loadConfig(ROOT);
    expect(result.errors).toEqual([]);
    expect(result.warnings.map((w) => `${w.file}:${w.line}:${w.column} ${w.rule}`)).toEqual([
      "pull_datasets/cjs_dashboard.yaml:2:7 name-matches-file",
      "pull_datasets/cjs_dashboard.yaml:3:1 ignored-key",
      "pull_datasets/cjs_dashboard.yaml:6:5 pull-arn-user",
      "pull_datasets/cjs_dashboard.yaml:10:3 legacy-boolean-list",
      "push_datasets/court_feed.yaml:2:3 legacy-target-bucket",
      "push_datasets/court_feed.yaml:7:5 legacy-boolean-list",
    ]);
  });

  it("keeps every bucket, prefix, user and principal exactly as the old system had them", async () => {
    const { value } = await loadConfig(ROOT);
    expect(value.push).toEqual([
      expect.objectContaining({
        name: "court_feed",
        bucket: "moj-courts-landing",
        users: ["alpha_user_SullivanJ123", "alpha_user_Eve-Dolling"],
        keepFiles: true,
        paperwork: ["DPIA reference no. 5468", "Data movement form (https://example.org/forms/dmf-221)"],
      }),
    ]);
    // The name wins over the file name: the bucket stays mojap-<name> as written.
    expect(value.pull).toEqual([
      expect.objectContaining({
        name: "cjs-dashboard",
        bucket: "mojap-cjs-dashboard",
        file: "pull_datasets/cjs_dashboard.yaml",
        pullArns: [
          "arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/eu-west-2/AWSReservedSSO_CJSAnalyst_0a1b2c3d4e5f6a7b",
          "arn:aws:iam::444455556666:user/etl/cjs-loader",
        ],
        users: ["alpha_user_SullivanJ123"],
        allowPush: true,
        paperwork: ["https://example.org/dpia/cjs"],
      }),
    ]);
  });

  it("plans without errors, granting the principals as written", async () => {
    const { value } = await loadConfig(ROOT);
    const plan = buildPlan(value);
    expect(plan.errors).toEqual([]);
    const policy = JSON.stringify(plan.value.pull[0]);
    expect(policy).toContain("arn:aws:iam::444455556666:user/etl/cjs-loader");
    expect(policy).toContain("AWSReservedSSO_CJSAnalyst_0a1b2c3d4e5f6a7b");
    expect(JSON.stringify(plan.value.users)).toContain("alpha_user_SullivanJ123");
  });
});
