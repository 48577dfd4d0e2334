import { Stack } from "aws-cdk-lib";
import { beforeAll, describe, expect, it } from "vitest";
import type { DatasetText } from "../../src/config/dataset";
import { CORE_STACK, FEDERATION_STACK } from "../../src/plan/shards";
import { alphanumeric } from "../../src/plan/uniqueIds";
import { generateTexts } from "../../bench/generate";
import { configOf, synthesize } from "../synth";

const push = (name: string): DatasetText => ({
  kind: "push",
  path: `push_datasets/${name}.yaml`,
  text: `name: ${name}\nbucket: receiving-bucket\nusers:\n  - alpha_user_analyst\n`,
});
const pull = (name: string): DatasetText => ({
  kind: "pull",
  path: `pull_datasets/${name}.yaml`,
  text: `name: ${name}\npull_arns:\n  - arn:aws:iam::111122223333:role/reader\nusers:\n  - alpha_user_analyst\n`,
});

describe("deployment order", () => {
  let synth: ReturnType<typeof synthesize>;
  beforeAll(() => {
    synth = synthesize(configOf([push("a"), pull("b")]));
  }, 120_000);

  it("deploys every shard after the core stack, so any order of `cdk deploy --all --concurrency N` works", () => {
    const shards = synth.stacks.filter((s) => s.stackName !== CORE_STACK && s.stackName !== FEDERATION_STACK);
    expect(shards).toHaveLength(88);
    for (const stack of shards)
      expect(
        stack.dependencies.map((d) => d.stackName),
        stack.stackName,
      ).toContain(CORE_STACK);
  });

  it("deploys every pull shard after the Entra tenants' OIDC providers its federated roles trust", () => {
    const pulls = synth.stacks.filter((s) => s.stackName.includes("-Pull-"));
    expect(pulls).toHaveLength(16);
    for (const stack of pulls) expect(stack.dependencies.map((d) => d.stackName)).toContain(FEDERATION_STACK);
    // The federation stack needs nothing else, so it never waits on the core stack.
    const federation = synth.stacks.find((s) => s.stackName === FEDERATION_STACK);
    expect(federation?.dependencies).toEqual([]);
  });

  it("creates the export bucket after its access-log bucket and that bucket's policy", () => {
    const core = synth.templates.find((t) => t.name === CORE_STACK)?.template.Resources ?? {};
    const id = (name: string) =>
      Object.entries(core).find(([, r]) => r.Type === "AWS::S3::Bucket" && r.Properties?.BucketName === name)?.[0];
    const logs = id("mojap-hub-exports-access-logs") as string;
    const policy = Object.entries(core).find(
      ([, r]) => r.Type === "AWS::S3::BucketPolicy" && r.Properties?.Bucket === "mojap-hub-exports-access-logs",
    )?.[0];
    const dependsOn = (core[id("mojap-hub-exports") as string] as { DependsOn?: string[] }).DependsOn;
    expect(dependsOn).toEqual(expect.arrayContaining([logs, policy]));
  });
});

describe("logical ids", () => {
  // Pairs that differ only by underscores and land in one shard: push shard 6 and 7, pull shard 15.
  it("never collide for names that differ only by separators in one shard", () => {
    const { templates } = synthesize(
      configOf([push("yj_refs"), push("yjrefs"), push("ab_cd"), push("abcd"), pull("ab_cd"), pull("abcd")]),
    );
    const roles = templates.flatMap((t) =>
      Object.entries(t.template.Resources ?? {}).filter(
        ([, r]) => r.Type === "AWS::IAM::Role" && String(r.Properties?.RoleName).startsWith("export_"),
      ),
    );
    expect(Object.fromEntries(roles.map(([id, r]) => [r.Properties?.RoleName, id]))).toEqual({
      "export_yj_refs-move": "yjUrefs",
      "export_yjrefs-move": "yjrefs",
      "export_ab_cd-move": "abUcd",
      "export_abcd-move": "abcd",
    });
    const policies = templates.flatMap((t) =>
      Object.entries(t.template.Resources ?? {}).filter(
        ([, r]) =>
          r.Type === "AWS::S3::BucketPolicy" &&
          r.Properties?.Bucket !== "mojap-hub-exports" &&
          !String(r.Properties?.Bucket).endsWith("access-logs") &&
          !String(r.Properties?.Bucket).endsWith("-ledger"),
      ),
    );
    expect(Object.fromEntries(policies.map(([id, r]) => [r.Properties?.Bucket, id]))).toEqual({
      "mojap-ab-cd": "abUcdPolicy",
      "mojap-abcd": "abcdPolicy",
    });
  }, 120_000);

  it("keep the ids CDK gave every dataset without a twin, so no deployed resource is replaced", () => {
    const { stacks, plan } = synthesize(configOf(generateTexts(40, 40, 20)));
    const ids = new Map<string, string>();
    for (const stack of stacks.filter((s) => s.stackName !== CORE_STACK))
      for (const child of stack.node.children) {
        const cfn = child.node.defaultChild ?? child;
        if (cfn instanceof Object && "logicalId" in cfn)
          ids.set(child.node.id, Stack.of(child).resolve((cfn as { logicalId: string }).logicalId) as string);
      }
    for (const p of plan.push) expect(ids.get(p.dataset.name)).toBe(alphanumeric(p.dataset.name));
    for (const p of plan.pull) expect(ids.get(`${p.dataset.name}Policy`)).toBe(`${alphanumeric(p.dataset.name)}Policy`);
  }, 120_000);
});
