import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { generateTexts } from "../../bench/generate";
import type { DatasetText } from "../../src/config/dataset";
import { BUCKET_POLICY_LIMIT } from "../../src/plan/limits/pullBucketPolicySize";
import { STACK_RESOURCE_LIMIT } from "../../src/plan/limits/stackSize";
import { buildPlan } from "../../src/plan/plan";
import { statementSid } from "../../src/plan/uniqueIds";
import { configOf } from "../synth";

const push = (name: string, bucket = "receiving-bucket"): DatasetText => ({
  kind: "push",
  path: `push_datasets/${name}.yaml`,
  text: `name: ${name}\nbucket: ${bucket}\nusers:\n  - alpha_user_analyst\n`,
});
const pullWith = (name: string, arns: string[]): DatasetText => ({
  kind: "pull",
  path: `pull_datasets/${name}.yaml`,
  text: `name: ${name}\npull_arns:\n${arns.map((a) => `  - ${a}`).join("\n")}\nusers:\n  - alpha_user_analyst\n`,
});
const KEY = "arn:aws:kms:eu-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const longArn = (i: number) =>
  `arn:aws:iam::${String(100000000000 + i)}:role/aws-reserved/sso.amazonaws.com/eu-west-2/AWSReservedSSO_ReadOnlyAccess_${String(i).padStart(16, "0")}`;

describe("plan limits", () => {
  it("gives receiving-bucket and KMS key statements Sids that differ when two datasets deliver to one bucket (court_list, courtlist)", () => {
    const withKey = (name: string) => ({ ...push(name), text: `${push(name).text}kms_key: ${KEY}\n` });
    const { value } = buildPlan(configOf([withKey("court_list"), withKey("courtlist"), push("court_lists", "other")]));
    expect(value.push.map((p) => [p.dataset.name, p.receivingStatement.Sid, p.kmsKeyStatement?.Sid])).toEqual([
      ["court_list", "DataExportscourtUlist", "DataExportscourtUlist"],
      ["court_lists", "DataExportscourtUlists", undefined],
      ["courtlist", "DataExportscourtlist", "DataExportscourtlist"],
    ]);
  });

  it("keeps a dataset's receiving-statement Sid when another dataset starts delivering to its bucket", () => {
    // The receiving team saved court_list's statement; a later courtlist must not take its Sid.
    const sid = (texts: DatasetText[]) =>
      buildPlan(configOf(texts)).value.push.find((p) => p.dataset.name === "court_list")?.receivingStatement.Sid;
    const alone = sid([push("court_list")]);
    expect(sid([push("court_list"), push("courtlist")])).toBe(alone);
    const later = buildPlan(configOf([push("court_list"), push("courtlist")])).value.push;
    expect(later.find((p) => p.dataset.name === "courtlist")?.receivingStatement.Sid).not.toBe(alone);
  });

  it("gives any set of push names distinct Sids of ASCII letters and digits", () => {
    const name = fc.stringMatching(/^[a-z0-9][a-z0-9_]{0,20}$/);
    fc.assert(
      fc.property(fc.uniqueArray(name, { maxLength: 30 }), (names) => {
        const sids = names.map(statementSid);
        expect(new Set(sids).size).toBe(names.length);
        for (const sid of sids) expect(sid).toMatch(/^[A-Za-z0-9]+$/);
      }),
    );
  });

  it("refuses a pull bucket policy over S3's 20 KB, at the dataset's name, and accepts one just under", () => {
    const count = (n: number) =>
      pullWith(
        "many_readers",
        Array.from({ length: n }, (_, i) => longArn(i)),
      );
    const sizes = [10, 60, 90].map((n) => ({ n, plan: buildPlan(configOf([count(n)])) }));
    const under = sizes.filter((s) => s.plan.errors.length === 0);
    const over = sizes.filter((s) => s.plan.errors.length > 0);
    expect(under.length).toBeGreaterThan(0);
    expect(over.length).toBeGreaterThan(0);
    const [error] = over[0]?.plan.errors ?? [];
    expect(error).toMatchObject({
      file: "pull_datasets/many_readers.yaml",
      line: 1,
      column: 7,
      rule: "pull-bucket-policy-size",
    });
    expect(error?.message).toMatch(
      new RegExp(`over S3's limit of ${BUCKET_POLICY_LIMIT}: found \\d+ bytes\\. List fewer pull_arns`),
    );
  });

  it("refuses 5,000 + 5,000 datasets, which would pass CloudFormation's 500 resources per stack, once per stack", () => {
    const { errors } = buildPlan(configOf(generateTexts(5000, 5000, 2000)));
    const resources = errors.filter((e) => e.rule === "stack-resources");
    expect(resources.length).toBe(8 + 16);
    expect(resources[0]?.message).toMatch(
      new RegExp(
        `over CloudFormation's limit of ${STACK_RESOURCE_LIMIT} per stack: found \\d+ resources\\. The platform has outgrown`,
      ),
    );
    expect(resources.every((e) => /^(push|pull)_datasets\/.+\.yaml$/.test(e.file) && e.line > 0)).toBe(true);
  }, 120_000);

  it("accepts the design scale of 1,000 + 1,000 datasets and 2,000 users", () => {
    expect(buildPlan(configOf(generateTexts(1000, 1000, 2000))).errors).toEqual([]);
  }, 60_000);
});
