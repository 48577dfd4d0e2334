import { describe, expect, it } from "vitest";
import { buildPlan } from "../../src/plan/plan";
import { compareAccess } from "../../src/report/changes";
import { datasetAccess } from "../../src/report/datasetAccess";
import { formatPlan } from "../../src/report/formatPlan";
import { configOf } from "../synth";

const dataset = (notify: string) => `name: listings\nbucket: listings-inbound\nusers:\n  - alpha_user_ana\n${notify}`;
const planOf = (notify: string) =>
  buildPlan(configOf([{ kind: "push", path: "push_datasets/listings.yaml", text: dataset(notify) }])).value;

// Notices name files: who gets them is part of what a dataset grants, so reviewers must see it.
describe("the plan says who is e-mailed about a dataset's deliveries", () => {
  const plan = planOf("notify:\n  - team@example.org\n  - Ana.Smith@example.org\nnotify_deliveries: true\n");
  const report = { changes: compareAccess(datasetAccess(plan), undefined) };

  it.each(["text", "markdown"] as const)("in %s: every address, the topic, and what is sent", (format) => {
    const out = formatPlan(report, format);
    expect(out).toContain("team@example.org and Ana.Smith@example.org are e-mailed through the SNS topic");
    expect(out).toContain("data-exports-notify-listings");
    expect(out).toContain("when a file fails to arrive and when each file arrives");
  });

  it("in JSON: the addresses, the topic and whether deliveries are sent", () => {
    const json = JSON.parse(formatPlan(report, "json")) as { datasets: { name: string; notify?: unknown }[] };
    expect(json.datasets.find((d) => d.name === "listings")?.notify).toEqual({
      topic: "data-exports-notify-listings",
      emails: ["team@example.org", "Ana.Smith@example.org"],
      deliveries: true,
    });
  });

  it("says nothing of notices for a dataset without notify, and shows an added address as a change", () => {
    const quiet = datasetAccess(planOf(""));
    expect(quiet[0]?.lines.join("\n")).not.toContain("e-mailed");
    expect(quiet[0]?.where).not.toHaveProperty("notify");
    const changes = compareAccess(datasetAccess(planOf("notify:\n  - team@example.org\n")), quiet);
    expect(changes[0]).toMatchObject({
      change: "changed",
      added: [expect.stringContaining("team@example.org is e-mailed through the SNS topic")],
    });
    expect(changes[0]?.added[0]).toContain("when a file fails to arrive (each notice");
  });
});

describe("the plan's count of datasets", () => {
  const report = { changes: compareAccess(datasetAccess(planOf("")), undefined) };

  it.each([
    ["text", "Plan: 1 dataset.\n"],
    ["markdown", "\n1 dataset.\n"],
  ] as const)("in %s, says one dataset in the singular", (format, says) => {
    expect(formatPlan(report, format)).toContain(says);
    expect(formatPlan(report, format)).not.toContain("1 datasets");
  });
});
