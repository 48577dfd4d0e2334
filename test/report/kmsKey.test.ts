import MarkdownIt from "markdown-it";
import { describe, expect, it } from "vitest";
import { buildPlan } from "../../src/plan/plan";
import { compareAccess } from "../../src/report/changes";
import { datasetAccess } from "../../src/report/datasetAccess";
import { formatJson } from "../../src/report/formatJson";
import { formatMarkdown } from "../../src/report/formatMarkdown";
import { configOf } from "../synth";

const KEY = "arn:aws:kms:eu-west-1:999988887777:key/1234abcd-12ab-34cd-56ef-1234567890ab";

describe("a push dataset whose receiving bucket demands its own KMS key", () => {
  const text = `name: keyed\nbucket: receiving-bucket\nusers:\n  - alpha_user_ana\nkms_key: ${KEY}\n`;
  const plan = buildPlan(configOf([{ kind: "push", path: "push_datasets/keyed.yaml", text }])).value;
  const report = { changes: compareAccess(datasetAccess(plan), undefined) };
  const statement = plan.push[0]?.kmsKeyStatement;

  it("shows the key policy statement in the comment, whole, in a JSON block", () => {
    expect(statement).toBeDefined();
    const blocks = new MarkdownIt("commonmark")
      .parse(formatMarkdown(report), {})
      .filter((t) => t.type === "fence" && t.info === "json")
      .map((t) => JSON.parse(t.content) as unknown);
    expect(blocks).toContainEqual(statement);
  });

  it("lists it among the grants of the JSON plan, as the key policy grants it", () => {
    const json = JSON.parse(formatJson(report)) as { datasets: { grants: unknown[]; kmsKeyStatement: unknown }[] };
    expect(json.datasets[0]?.kmsKeyStatement).toEqual(statement);
    expect(json.datasets[0]?.grants).toContainEqual(
      expect.objectContaining({
        principal: "arn:aws:iam::123456789012:role/service-role/export_keyed-move",
        grantedBy: "receiving KMS key policy",
      }),
    );
  });
});
