import { describe, expect, it } from "vitest";
import { buildPlan } from "../../src/plan/plan";
import { compareAccess } from "../../src/report/changes";
import { datasetAccess } from "../../src/report/datasetAccess";
import { formatPlan } from "../../src/report/formatPlan";
import { configOf } from "../synth";

const dataset = (name: string, owner: string) =>
  `name: ${name}\nbucket: ${name.replace(/_/g, "-")}-inbound\n${owner}users:\n  - alpha_user_ana\n`;

describe("the plan says which account the receiving bucket is in", () => {
  const plan = buildPlan(
    configOf([
      { kind: "push", path: "push_datasets/owned.yaml", text: dataset("owned", 'bucket_owner: "012345678901"\n') },
      { kind: "push", path: "push_datasets/unstated.yaml", text: dataset("unstated", "") },
    ]),
  ).value;
  const report = { changes: compareAccess(datasetAccess(plan), undefined) };

  it.each(["text", "markdown"] as const)(
    "in %s: the account when the file gives it, else that it is not stated",
    (format) => {
      const out = formatPlan(report, format);
      expect(out).toContain(
        "s3://owned-inbound is in account 012345678901: the mover writes there only while that account owns it",
      );
      expect(out).toContain("the file does not say which account s3://unstated-inbound is in");
    },
  );

  it("in JSON: the target's account, or null", () => {
    const json = JSON.parse(formatPlan(report, "json")) as { datasets: { name: string; target: unknown }[] };
    const target = (name: string) => json.datasets.find((d) => d.name === name)?.target;
    expect(target("owned")).toEqual({
      bucket: "owned-inbound",
      prefix: "owned/",
      keepFiles: false,
      account: "012345678901",
    });
    expect(target("unstated")).toMatchObject({ bucket: "unstated-inbound", account: null });
  });

  it("shows a change of account as a change of the dataset", () => {
    const before = datasetAccess(plan);
    const moved = buildPlan(
      configOf([
        { kind: "push", path: "push_datasets/owned.yaml", text: dataset("owned", 'bucket_owner: "999988887777"\n') },
        { kind: "push", path: "push_datasets/unstated.yaml", text: dataset("unstated", "") },
      ]),
    ).value;
    const changes = compareAccess(datasetAccess(moved), before);
    expect(changes.find((c) => c.access.name === "owned")).toMatchObject({
      change: "changed",
      added: [expect.stringContaining("is in account 999988887777")],
      removed: [expect.stringContaining("is in account 012345678901")],
    });
  });
});
