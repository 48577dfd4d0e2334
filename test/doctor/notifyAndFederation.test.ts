import { CloudFormationClient, GetTemplateCommand } from "@aws-sdk/client-cloudformation";
import { mockClient } from "aws-sdk-client-mock";
import { beforeAll, describe, expect, it } from "vitest";
import type { Config } from "../../src/config/config";
import type { DatasetText } from "../../src/config/dataset";
import { checkStacks, type ExpectedStack } from "../../src/doctor/checkStacks";
import { expectedStacks } from "../../src/doctor/expectedStacks";
import { buildPlan } from "../../src/plan/plan";
import { FEDERATION_STACK, SHARDS, shardOf, shardStackName } from "../../src/plan/shards";
import { configOf } from "../synth";

// `exports doctor --aws` knows the notice topics' DataExports-Notify-NN stacks and the
// DataExports-Federation stack as it knows the Push, Pull and Users shards: each resource there
// belongs to the datasets it is for, and a finding points at their files.

const TENANT = "0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d";
const push = (name: string, notify: string[]): DatasetText => ({
  kind: "push",
  path: `push_datasets/${name}.yaml`,
  text: `name: ${name}\nbucket: receiving-bucket\nusers:\n  - alpha_user_ana\nnotify:\n${notify.map((e) => `  - ${e}`).join("\n")}\n`,
});
const azure = (name: string, objectId: string): DatasetText => ({
  kind: "pull",
  path: `pull_datasets/${name}.yaml`,
  text: `name: ${name}\nazure_workloads:\n  - tenant: ${TENANT}\n    object_id: ${objectId}\n    audience: api://${name}\nusers:\n  - alpha_user_ana\n`,
});

let config: Config;
let expected: ExpectedStack[];
beforeAll(() => {
  config = configOf([
    push("court_notices", ["team@example.org", "lead@example.org"]),
    azure("azure_one", "6f7e8d9c-0b1a-4c2d-9e3f-4a5b6c7d8e9f"),
    azure("azure_two", "7a7e8d9c-0b1a-4c2d-9e3f-4a5b6c7d8e9f"),
  ]);
  expected = expectedStacks(buildPlan(config).value);
}, 60_000);

const NOTIFY = () => shardStackName("notify", shardOf("court_notices", SHARDS.notify));
const stack = (name: string) => expected.find((s) => s.stackName === name) as ExpectedStack;

/** CloudFormation answering with the expected templates, changed by `deployed` (undefined: not deployed). */
function cfn(deployed: (name: string, template: ExpectedStack["template"]) => ExpectedStack["template"] | undefined) {
  const client = new CloudFormationClient({ region: "eu-west-1" });
  mockClient(client)
    .on(GetTemplateCommand)
    .callsFake(async (input: { StackName: string }) => {
      const template = deployed(input.StackName, structuredClone(stack(input.StackName).template));
      if (!template)
        throw Object.assign(new Error(`Stack with id ${input.StackName} does not exist`), { name: "ValidationError" });
      return { TemplateBody: JSON.stringify(template) };
    });
  return client;
}

describe("exports doctor and the notify and federation stacks", () => {
  it("knows which dataset each notice topic, its policy and each subscription are for", () => {
    const owners = stack(NOTIFY()).owners;
    const types = Object.keys(owners).map((id) => (stack(NOTIFY()).template.Resources?.[id] as { Type: string }).Type);
    expect(types.sort()).toEqual([
      "AWS::SNS::Subscription",
      "AWS::SNS::Subscription",
      "AWS::SNS::Topic",
      "AWS::SNS::TopicPolicy",
    ]);
    expect(new Set(Object.values(owners).flat())).toEqual(new Set(["court_notices"]));
  });

  it("knows the Entra tenant's OIDC provider is for every dataset that trusts it, and each federated role for its own", () => {
    const owners = Object.values(stack(FEDERATION_STACK).owners);
    expect(owners).toEqual([["azure_one", "azure_two"]]);
    const federated = expected
      .filter((s) => s.stackName.startsWith("DataExports-Pull-"))
      .flatMap((s) =>
        Object.entries(s.owners).filter(
          ([id]) => (s.template.Resources?.[id] as { Type: string }).Type === "AWS::IAM::Role",
        ),
      );
    expect(federated.map(([, o]) => o).sort()).toEqual([["azure_one"], ["azure_two"]]);
  });

  it("is content when they are deployed as the files say", async () => {
    expect(
      await checkStacks(
        cfn((_, t) => t),
        expected,
        config,
      ),
    ).toEqual([]);
  });

  it("reports a notify stack never deployed once, at the dataset's name", async () => {
    const findings = await checkStacks(
      cfn((name, t) => (name === NOTIFY() ? undefined : t)),
      expected,
      config,
    );
    expect(findings).toEqual([
      {
        file: "push_datasets/court_notices.yaml",
        line: 1,
        column: 7,
        check: "stack-missing",
        message: `stack ${NOTIFY()}, which holds court_notices's resources, is not deployed: merge and deploy, or run npx cdk deploy ${NOTIFY()} --import-existing-resources`,
      },
    ]);
  });

  it("reports an address added to the file but not deployed, and a topic changed by hand", async () => {
    const findings = await checkStacks(
      cfn((name, t) => {
        if (name !== NOTIFY()) return t;
        const resources = t.Resources as Record<string, { Type: string; Properties: Record<string, unknown> }>;
        const first = Object.entries(resources).find(([, r]) => r.Type === "AWS::SNS::Subscription");
        for (const r of Object.values(resources))
          if (r.Type === "AWS::SNS::Topic") r.Properties.KmsMasterKeyId = "changed-by-hand";
        // The first address's subscription, as if it were added to the file after the deploy.
        return { Resources: Object.fromEntries(Object.entries(resources).filter(([id]) => id !== first?.[0])) };
      }),
      expected,
      config,
    );
    expect(findings.map((f) => [f.file, f.check, f.message.replace(/ \w+Notices\w* /, " <id> ")])).toEqual([
      [
        "push_datasets/court_notices.yaml",
        "stack-drift",
        `court_notices's resource <id> in ${NOTIFY()} differs from what the files say: deploy, or see npx cdk diff ${NOTIFY()}`,
      ],
      [
        "push_datasets/court_notices.yaml",
        "stack-drift",
        `court_notices's resource <id> is not deployed in ${NOTIFY()} yet: deploy the change`,
      ],
    ]);
  });

  it("reports a provider missing from the federation stack at every dataset that trusts it", async () => {
    const findings = await checkStacks(
      cfn((name, t) => (name === FEDERATION_STACK ? { Resources: {} } : t)),
      expected,
      config,
    );
    expect(findings.map((f) => [f.file, f.check])).toEqual([
      ["pull_datasets/azure_one.yaml", "stack-drift"],
      ["pull_datasets/azure_two.yaml", "stack-drift"],
    ]);
    expect(findings[0]?.message).toMatch(/^azure_one's resource \w+ is not deployed in DataExports-Federation yet/);
  });
});
