import { statSync } from "node:fs";
import { Match, Template } from "aws-cdk-lib/assertions";
import type { Stack } from "aws-cdk-lib";
import { beforeAll, describe, expect, it } from "vitest";
import type { DatasetText } from "../../src/config/dataset";
import { NOTICE_TOPIC_KEY } from "../../src/infra/notifyStack";
import { STACK_RESOURCE_LIMIT, stackLoads } from "../../src/plan/limits/stackSize";
import { buildPlan } from "../../src/plan/plan";
import { SHARDS, shardOf, shardStackName } from "../../src/plan/shards";
import { configOf, synthesize } from "../synth";

const notifying = (name: string, emails: string[], deliveries = false): DatasetText => ({
  kind: "push",
  path: `push_datasets/${name}.yaml`,
  text: `name: ${name}\nbucket: receiving-bucket\nusers:\n  - alpha_user_ana\nnotify:\n${emails.map((e) => `  - ${e}`).join("\n")}\n${deliveries ? "notify_deliveries: true\n" : ""}`,
});
const silent: DatasetText = {
  kind: "push",
  path: "push_datasets/silent.yaml",
  text: "name: silent\nbucket: receiving-bucket\nusers:\n  - alpha_user_ana\n",
};

describe("notice topics (decision 0010)", () => {
  let synth: ReturnType<typeof synthesize>;
  const stackFor = (dataset: string) =>
    synth.stacks.find((s) => s.stackName === shardStackName("notify", shardOf(dataset, SHARDS.notify))) as Stack;

  beforeAll(() => {
    // cdk-nag on: synthesis fails on any unacknowledged AwsSolutions finding (SNS2 encryption, SNS3 TLS).
    synth = synthesize(
      configOf([
        notifying("court_list", ["team@example.org", "ana@example.org"]),
        notifying("courtlist", ["lead@example.org"], true),
        silent,
      ]),
      { nag: true },
    );
  }, 120_000);

  it("has 32 notify stacks, each present even when empty, each after the core stack", () => {
    const names = synth.stacks.map((s) => s.stackName).filter((n) => n.startsWith("DataExports-Notify-"));
    expect(names).toEqual(Array.from({ length: 32 }, (_, i) => `DataExports-Notify-${String(i).padStart(2, "0")}`));
    for (const stack of synth.stacks.filter((s) => s.stackName.startsWith("DataExports-Notify-")))
      expect(stack.dependencies.map((d) => d.stackName)).toEqual(["DataExports-Core"]);
  });

  it("gives each notifying dataset an encrypted topic with its name, and none to a dataset without notify", () => {
    const t = Template.fromStack(stackFor("court_list"));
    t.hasResourceProperties("AWS::SNS::Topic", {
      TopicName: "data-exports-notify-court_list",
      KmsMasterKeyId: NOTICE_TOPIC_KEY,
    });
    const topics = synth.stacks.flatMap((s) =>
      Object.values(Template.fromStack(s).findResources("AWS::SNS::Topic")).map(
        (r) => (r as { Properties: { TopicName: string } }).Properties.TopicName,
      ),
    );
    expect(topics.filter((n) => n.startsWith("data-exports-notify-")).sort()).toEqual([
      "data-exports-notify-court_list",
      "data-exports-notify-courtlist",
    ]);
  });

  it("denies publishing to a topic over plain HTTP", () => {
    Template.fromStack(stackFor("court_list")).hasResourceProperties("AWS::SNS::TopicPolicy", {
      PolicyDocument: {
        Statement: [
          Match.objectLike({
            Effect: "Deny",
            Principal: "*",
            Action: ["sns:Publish"],
            Resource: `arn:aws:sns:${synth.plan.settings.region}:${synth.plan.settings.accountId}:data-exports-notify-court_list`,
            Condition: { Bool: { "aws:SecureTransport": "false" } },
          }),
        ],
      },
    });
  });

  it("subscribes each address by e-mail, filtered to failures unless the file asks for deliveries too", () => {
    const all = synth.stacks.flatMap((s) =>
      Object.values(Template.fromStack(s).findResources("AWS::SNS::Subscription")).map(
        (r) => (r as { Properties: Record<string, unknown> }).Properties,
      ),
    );
    const byAddress = Object.fromEntries(all.map((p) => [p.Endpoint as string, p]));
    expect(Object.keys(byAddress).sort()).toEqual(["ana@example.org", "lead@example.org", "team@example.org"]);
    for (const address of ["ana@example.org", "team@example.org"])
      expect(byAddress[address]).toMatchObject({
        Protocol: "email",
        FilterPolicyScope: "MessageAttributes",
        FilterPolicy: { kind: ["failure"] },
      });
    expect(byAddress["lead@example.org"]).toMatchObject({ FilterPolicy: { kind: ["failure", "delivery"] } });
  });

  it("lets the mover function publish to notice topics only", () => {
    const core = Template.fromStack(synth.stacks.find((s) => s.stackName === "DataExports-Core") as Stack);
    core.hasResourceProperties("AWS::IAM::Policy", {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: "PublishNotices",
            Action: "sns:Publish",
            Resource: `arn:aws:sns:${synth.plan.settings.region}:${synth.plan.settings.accountId}:data-exports-notify-*`,
          }),
        ]),
      },
    });
  });

  it("counts each notify stack's resources exactly and bounds its template's size", () => {
    const loads = new Map(stackLoads(synth.plan).map((l) => [l.stack, l]));
    for (const { name, template, file } of synth.templates.filter((t) => t.name.startsWith("DataExports-Notify-"))) {
      const load = loads.get(name);
      expect(load, name).toBeDefined();
      expect(Object.keys(template.Resources ?? {}).length, name).toBe(load?.resources);
      expect(statSync(file).size, name).toBeLessThanOrEqual(load?.bytes ?? 0);
    }
  });
});

describe("the gate on notify stacks", () => {
  // Names that all hash to notify shard 0, each with five addresses: seven resources a dataset.
  const crowd = Array.from({ length: 6000 }, (_, i) => `crowd_${i}`).filter((n) => shardOf(n, SHARDS.notify) === 0);
  const five = (n: string) => [1, 2, 3, 4, 5].map((i) => `${n}.${i}@example.org`);

  it("accepts a full notify shard and refuses one resource past 500, at the last file, saying why", () => {
    const fits = Math.floor((STACK_RESOURCE_LIMIT - 1) / 7);
    const config = (count: number) => configOf(crowd.slice(0, count).map((n) => notifying(n, five(n))));
    const at = (count: number) => buildPlan(config(count));
    expect(at(fits).errors).toEqual([]);
    // The full shard synthesizes to what the gate counted, within the template size it bounded.
    const full = synthesize(config(fits));
    const load = stackLoads(full.plan).find((l) => l.stack === shardStackName("notify", 0));
    const synthesized = full.templates.find((t) => t.name === shardStackName("notify", 0));
    expect(Object.keys(synthesized?.template.Resources ?? {}).length).toBe(load?.resources);
    expect(statSync(synthesized?.file ?? "").size).toBeLessThanOrEqual(load?.bytes ?? 0);
    const over = at(fits + 1);
    const stack = shardStackName("notify", 0);
    expect(over.errors).toEqual([expect.objectContaining({ rule: "stack-resources", line: 1, column: 7 })]);
    expect(over.errors[0]?.message).toContain(
      `Stack ${stack} would hold ${(fits + 1) * 7 + 1} resources (its ${fits + 1} push datasets with notify addresses)`,
    );
    const files = crowd
      .slice(0, fits + 1)
      .map((n) => `push_datasets/${n}.yaml`)
      .sort();
    expect(over.errors[0]?.file).toBe(files.at(-1));
  }, 120_000);
});
