import { Match, Template } from "aws-cdk-lib/assertions";
import type { Stack } from "aws-cdk-lib";
import { beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_SETTINGS } from "../../src/config/settings";
import { manifestSigningKeyPolicy } from "../../src/plan/policies/manifestSigningKey";
import { configOf, synthesize } from "../synth";

// What operators rely on in AWS: logs and metrics written, alarms that tell someone, and events
// that only this bucket of this account can send. The grants themselves are proved call by call
// in test/mover/grants.test.ts.
let core: Template;
const EMAILS = ["data-engineering@example.org", "on-call@example.org"];

beforeAll(() => {
  const config = configOf(
    [
      {
        kind: "push",
        path: "push_datasets/ds.yaml",
        text: "name: ds\nbucket: ds-target\nusers:\n  - alpha_user_ana\n",
      },
    ],
    { ...DEFAULT_SETTINGS, alarmEmails: EMAILS },
  );
  const { stacks } = synthesize(config, { nag: true });
  core = Template.fromStack(stacks.find((s) => s.stackName === "DataExports-Core") as Stack);
}, 120_000);

describe("the core stack's operations", () => {
  it("has a P-256 signing key for sealed batches' manifests, kept, whose policy is the plan's, named to the mover", () => {
    core.hasResource("AWS::KMS::Key", {
      DeletionPolicy: "Retain",
      Properties: Match.objectLike({
        KeySpec: "ECC_NIST_P256",
        KeyUsage: "SIGN_VERIFY",
        KeyPolicy: manifestSigningKeyPolicy({ ...DEFAULT_SETTINGS, alarmEmails: EMAILS }),
      }),
    });
    const [keyId] = Object.keys(core.findResources("AWS::KMS::Key", { Properties: { KeySpec: "ECC_NIST_P256" } }));
    core.hasResourceProperties("AWS::Lambda::Function", {
      FunctionName: "data-exports-mover",
      Environment: { Variables: Match.objectLike({ MANIFEST_SIGNING_KEY: { "Fn::GetAtt": [keyId, "Arn"] } }) },
    });
    expect(Object.values(core.findOutputs("*")).some((o) => JSON.stringify(o.Value).includes(keyId ?? "?"))).toBe(true);
  });

  it("gives each function its own log group, kept a year, and no AWS managed policy on their roles", () => {
    for (const name of ["data-exports-mover", "data-exports-sweeper"]) {
      core.hasResourceProperties("AWS::Logs::LogGroup", { LogGroupName: `/aws/lambda/${name}`, RetentionInDays: 365 });
      core.hasResourceProperties("AWS::Lambda::Function", {
        FunctionName: name,
        LoggingConfig: { LogGroup: Match.anyValue() },
      });
    }
    for (const id of ["MoverRole", "SweeperRole"]) {
      const role = Object.entries(core.findResources("AWS::IAM::Role")).find(([logical]) => logical.startsWith(id));
      expect(role, id).toBeDefined();
      expect((role?.[1].Properties as { ManagedPolicyArns?: unknown }).ManagedPolicyArns, id).toBeUndefined();
    }
  });

  it("sends both alarms to one SNS topic, to which the settings' alarm_emails are subscribed", () => {
    const topics = Object.keys(core.findResources("AWS::SNS::Topic"));
    expect(topics).toHaveLength(1);
    for (const alarm of ["data-exports-leftovers", "data-exports-dead-letters"])
      core.hasResourceProperties("AWS::CloudWatch::Alarm", { AlarmName: alarm, AlarmActions: [{ Ref: topics[0] }] });
    for (const email of EMAILS)
      core.hasResourceProperties("AWS::SNS::Subscription", {
        Protocol: "email",
        Endpoint: email,
        TopicArn: { Ref: topics[0] },
      });
  });

  it("lets only S3, for this bucket of this account, send to the queue, and only SendMessage", () => {
    core.hasResourceProperties("AWS::SQS::QueuePolicy", {
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Sid: "S3SendsExportEvents",
            Effect: "Allow",
            Principal: { Service: "s3.amazonaws.com" },
            Action: "sqs:SendMessage",
            Resource: Match.anyValue(),
            Condition: {
              ArnEquals: { "aws:SourceArn": Match.anyValue() },
              StringEquals: { "aws:SourceAccount": DEFAULT_SETTINGS.accountId },
            },
          },
        ]),
      },
    });
  });
});
