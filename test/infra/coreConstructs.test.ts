import { readFileSync } from "node:fs";
import { join } from "node:path";
import { App, Stack } from "aws-cdk-lib";
import { Match, Template } from "aws-cdk-lib/assertions";
import * as cloudwatchActions from "aws-cdk-lib/aws-cloudwatch-actions";
import * as sns from "aws-cdk-lib/aws-sns";
import { beforeAll, describe, expect, it } from "vitest";
import { DeliveryLedger } from "../../src/infra/core/deliveryLedger";
import { ExportBucket } from "../../src/infra/core/exportBucket";
import { MoverFunction } from "../../src/infra/core/moverFunction";
import { MAX_TRIES } from "../../src/mover/retries";
import { Sweep } from "../../src/infra/core/sweep";
import { buildPlan, type Plan } from "../../src/plan/plan";
import { repoConfig, synthesize } from "../synth";

/** Each construct alone in a stack of its own, as the core stack composes them. */
function stackWith(add: (stack: Stack, plan: Plan) => void, plan: Plan): Template {
  // Stage the functions' assets without bundling them: these tests read templates only.
  const app = new App({ context: { "aws:cdk:bundling-stacks": [] } });
  const stack = new Stack(app, "Test", { env: { account: plan.settings.accountId, region: plan.settings.region } });
  add(stack, plan);
  return Template.fromStack(stack);
}

function parts(stack: Stack, plan: Plan) {
  const exportBucket = new ExportBucket(stack, "Exports", plan).bucket;
  const alarms = new cloudwatchActions.SnsAction(new sns.Topic(stack, "Alarms"));
  const ledger = new DeliveryLedger(stack, "Ledger", { plan, functionNames: [plan.mover.functionName] });
  return { exportBucket, alarms, ledger };
}

let plan: Plan;
beforeAll(async () => {
  plan = buildPlan(await repoConfig()).value;
});

describe("the core stack's constructs", () => {
  it("ExportBucket: the versioned export bucket, logging to the access-log bucket made before it", () => {
    const template = stackWith((stack) => new ExportBucket(stack, "Exports", plan), plan);
    template.hasResource("AWS::S3::Bucket", {
      Properties: Match.objectLike({
        BucketName: plan.exportBucket.name,
        VersioningConfiguration: { Status: "Enabled" },
        LoggingConfiguration: {
          DestinationBucketName: `${plan.settings.exportBucket}-access-logs`,
          LogFilePrefix: `${plan.exportBucket.name}/`,
        },
      }),
      DependsOn: Match.arrayWith([
        Match.stringLikeRegexp("AccessLogs[0-9A-F]{8}$"),
        Match.stringLikeRegexp("AccessLogsPolicy"),
      ]),
    });
    template.hasResourceProperties("AWS::S3::BucketPolicy", {
      Bucket: `${plan.settings.exportBucket}-access-logs`,
      PolicyDocument: Match.objectLike({
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: "S3ServerAccessLogs",
            Principal: { Service: "logging.s3.amazonaws.com" },
            Condition: {
              ArnLike: {
                "aws:SourceArn": [
                  `arn:aws:s3:::${plan.settings.exportBucket}`,
                  `arn:aws:s3:::${plan.settings.pullBucketPrefix}*`,
                ],
              },
              StringEquals: { "aws:SourceAccount": plan.settings.accountId },
            },
          }),
        ]),
      }),
    });
  });

  it("MoverFunction: the queue with its dead-letter queue and alarm, the function fed from it, its log group", () => {
    const template = stackWith((stack) => new MoverFunction(stack, "Moving", { plan, ...parts(stack, plan) }), plan);
    template.hasResourceProperties("AWS::SQS::Queue", {
      QueueName: plan.mover.queue,
      RedrivePolicy: { deadLetterTargetArn: Match.anyValue(), maxReceiveCount: MAX_TRIES },
    });
    template.hasResourceProperties("AWS::Lambda::Function", { FunctionName: plan.mover.functionName, Timeout: 900 });
    template.hasResourceProperties("AWS::Lambda::EventSourceMapping", {
      BatchSize: 10,
      FunctionResponseTypes: ["ReportBatchItemFailures"],
    });
    template.hasResourceProperties("AWS::Logs::LogGroup", {
      LogGroupName: `/aws/lambda/${plan.mover.functionName}`,
      RetentionInDays: 365,
    });
    template.hasResourceProperties("AWS::CloudWatch::Alarm", {
      AlarmName: "data-exports-dead-letters",
      AlarmActions: [Match.anyValue()],
    });
    template.hasResourceProperties("Custom::S3BucketNotifications", {
      NotificationConfiguration: { QueueConfigurations: [Match.objectLike({ Events: ["s3:ObjectCreated:*"] })] },
    });
  });

  it("DeliveryLedger: a bucket locked in compliance mode for the settings' years, encrypted with the rotated records key", () => {
    const template = stackWith((stack) => new DeliveryLedger(stack, "Ledger", { plan, functionNames: ["f"] }), plan);
    const keyId = Object.keys(template.findResources("AWS::KMS::Key"))[0] ?? "";
    template.hasResource("AWS::KMS::Key", {
      Properties: Match.objectLike({ EnableKeyRotation: true, KeySpec: Match.absent() }),
      DeletionPolicy: "Retain",
    });
    template.hasResource("AWS::S3::Bucket", {
      Properties: Match.objectLike({
        BucketName: `${plan.settings.exportBucket}-ledger`,
        VersioningConfiguration: { Status: "Enabled" },
        ObjectLockEnabled: true,
        ObjectLockConfiguration: {
          ObjectLockEnabled: "Enabled",
          Rule: { DefaultRetention: { Mode: "COMPLIANCE", Years: plan.settings.ledgerRetentionYears } },
        },
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [
            {
              BucketKeyEnabled: true,
              ServerSideEncryptionByDefault: {
                SSEAlgorithm: "aws:kms",
                KMSMasterKeyID: { "Fn::GetAtt": [keyId, "Arn"] },
              },
            },
          ],
        },
        PublicAccessBlockConfiguration: Match.objectLike({ BlockPublicAcls: true, RestrictPublicBuckets: true }),
      }),
      DeletionPolicy: "Retain",
    });
    template.hasResourceProperties("AWS::S3::BucketPolicy", {
      Bucket: `${plan.settings.exportBucket}-ledger`,
      PolicyDocument: Match.objectLike({
        Statement: Match.arrayWith([
          Match.objectLike({ Sid: "DenyPlainHttp" }),
          Match.objectLike({ Sid: "NoRecordChanges" }),
        ]),
      }),
    });
  });

  it("MoverFunction: the records key encrypts its log group; the ledger bucket is in its environment", () => {
    const template = stackWith((stack) => new MoverFunction(stack, "Moving", { plan, ...parts(stack, plan) }), plan);
    const keyId = Object.keys(template.findResources("AWS::KMS::Key", { Properties: { EnableKeyRotation: true } }))[0];
    template.hasResourceProperties("AWS::Logs::LogGroup", {
      LogGroupName: `/aws/lambda/${plan.mover.functionName}`,
      KmsKeyId: { "Fn::GetAtt": [keyId, "Arn"] },
    });
    template.hasResourceProperties("AWS::Lambda::Function", {
      FunctionName: plan.mover.functionName,
      Environment: { Variables: Match.objectLike({ LEDGER_BUCKET: Match.anyValue() }) },
    });
  });

  it("Sweep: a function every 15 minutes that may list the bucket and re-queue, and the leftover alarm", () => {
    const template = stackWith((stack) => {
      const { exportBucket, alarms, ledger } = parts(stack, plan);
      const { queue } = new MoverFunction(stack, "Moving", { plan, exportBucket, alarms, ledger });
      new Sweep(stack, "Sweep", { plan, exportBucket, queue, alarms, recordsKey: ledger.key });
    }, plan);
    template.hasResourceProperties("AWS::Events::Rule", { ScheduleExpression: "rate(15 minutes)" });
    template.hasResourceProperties("AWS::Lambda::Function", { FunctionName: "data-exports-sweeper", Timeout: 300 });
    template.hasResourceProperties("AWS::Logs::LogGroup", { LogGroupName: "/aws/lambda/data-exports-sweeper" });
    template.hasResourceProperties("AWS::IAM::Policy", {
      PolicyDocument: Match.objectLike({
        Statement: Match.arrayWith([
          Match.objectLike({ Sid: "ListExports" }),
          Match.objectLike({ Sid: "RequeueObjects" }),
          Match.objectLike({ Sid: "ReadDeliveryMarks" }),
        ]),
      }),
    });
    template.hasResourceProperties("AWS::CloudWatch::Alarm", {
      AlarmName: "data-exports-leftovers",
      MetricName: "LeftoverObjects",
      AlarmActions: [Match.anyValue()],
    });
  });
});

describe("logical ids", () => {
  it("every resource of every stack keeps the logical id and type it had before the core stack was split (nothing is replaced)", async () => {
    // Synthesized from main before the split (test/fixtures/infra/logicalIds.json): stack → logical id → type.
    const before = JSON.parse(
      readFileSync(join(import.meta.dirname, "../fixtures/infra/logicalIds.json"), "utf8"),
    ) as Record<string, Record<string, string>>;
    const { templates } = synthesize(await repoConfig());
    const now = Object.fromEntries(
      templates.map(({ name, template }) => [
        name,
        Object.fromEntries(Object.entries(template.Resources ?? {}).map(([id, r]) => [id, r.Type])),
      ]),
    );
    // Resources added since (new stacks, new roles) are new; none that existed is renamed or retyped.
    const kept = Object.fromEntries(
      Object.entries(before).map(([stack, ids]) => [
        stack,
        Object.fromEntries(Object.keys(ids).map((id) => [id, now[stack]?.[id]])),
      ]),
    );
    expect(kept).toEqual(before);
  });
});
