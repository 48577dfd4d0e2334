import { Template, Match } from "aws-cdk-lib/assertions";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Validations, type Stack } from "aws-cdk-lib";
import * as s3 from "aws-cdk-lib/aws-s3";
import { buildApp } from "../../src/infra/app";
import { buildPlan } from "../../src/plan/plan";
import { beforeAll, describe, expect, it } from "vitest";
import type { Config } from "../../src/config/config";
import { MAX_TRIES } from "../../src/mover/retries";
import { repoConfig, synthesize } from "../synth";

let config: Config;
let stacks: Stack[];
let outdir: string;
const template = (name: string) => Template.fromStack(stacks.find((s) => s.stackName === name) as Stack);
const stackOf = (logicalPrefix: string) =>
  stacks.find((s) =>
    Object.keys(Template.fromStack(s).toJSON().Resources ?? {}).some((id) => id.startsWith(logicalPrefix)),
  ) as Stack;

beforeAll(async () => {
  config = await repoConfig();
  // With the real bundle and cdk-nag: synthesis fails on any unacknowledged AwsSolutions finding.
  ({ stacks, outdir } = synthesize(config, { nag: true, bundle: true }));
}, 120_000);

describe("the CDK app for this repository's datasets", () => {
  it("passes cdk-nag's AWS Solutions checks; every acknowledged finding (cdk-nag's or CDK's) names its rule and gives a reason", () => {
    const report = JSON.parse(readFileSync(`${outdir}/validation-report.json`, "utf8")) as { pluginReports: unknown[] };
    expect(report.pluginReports).toEqual([]);
    const acknowledged = stacks.flatMap((stack) =>
      stack.node
        .findAll()
        .flatMap((c) =>
          c.node.metadata
            .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
            .flatMap((m) => Object.entries(m.data as Record<string, string>)),
        ),
    );
    expect(acknowledged.length).toBeGreaterThan(0);
    for (const [rule, reason] of acknowledged) {
      expect(rule).toMatch(/^Annotation::(AwsSolutions-[A-Z0-9]+|@aws-cdk\/[\w-]+:\w+)/);
      expect(reason.length, rule).toBeGreaterThan(40);
    }
  });

  it("would fail synthesis on a finding nobody acknowledged (the check is live)", async () => {
    const plan = buildPlan(await repoConfig()).value;
    const nagOut = mkdtempSync(join(tmpdir(), "exports-nag-"));
    // cdk-nag alone: CDK's own template validation is not what this shows, and costs more than half the synthesis.
    const app = buildApp(plan, { outdir: nagOut, nag: true, bundle: false, validateTemplates: false });
    const core = app.node.findChild("DataExports-Core") as Stack;
    new s3.Bucket(core, "CarelessBucket");
    expect(() => app.synth()).toThrow(/AwsSolutions-S1/);
  });

  it("hardens the export bucket: no public access, owner-enforced, encrypted, multipart clean-up, logged, kept", () => {
    const core = template("DataExports-Core");
    core.hasResource("AWS::S3::Bucket", {
      DeletionPolicy: "Retain",
      Properties: Match.objectLike({
        BucketName: "mojap-hub-exports",
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        OwnershipControls: { Rules: [{ ObjectOwnership: "BucketOwnerEnforced" }] },
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" } }],
        },
        LifecycleConfiguration: {
          Rules: [Match.objectLike({ AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 }, Status: "Enabled" })],
        },
        LoggingConfiguration: {
          DestinationBucketName: "mojap-hub-exports-access-logs",
          LogFilePrefix: "mojap-hub-exports/",
        },
      }),
    });
    core.hasResourceProperties("AWS::S3::BucketPolicy", {
      Bucket: "mojap-hub-exports",
      PolicyDocument: {
        Version: "2012-10-17",
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: "Deny", Principal: "*", Condition: { Bool: { "aws:SecureTransport": "false" } } }),
          Match.objectLike({
            Effect: "Deny",
            Principal: "*",
            Condition: { NumericLessThan: { "s3:TlsVersion": "1.2" } },
          }),
        ]),
      },
    });
  });

  it("sends the export bucket's ObjectCreated events to a queue with a dead-letter queue, an alarm, and the mover", () => {
    const core = template("DataExports-Core");
    core.hasResourceProperties("Custom::S3BucketNotifications", {
      NotificationConfiguration: { QueueConfigurations: [Match.objectLike({ Events: ["s3:ObjectCreated:*"] })] },
    });
    core.hasResourceProperties("AWS::SQS::Queue", {
      QueueName: "data-exports-objects",
      RedrivePolicy: { deadLetterTargetArn: Match.anyValue(), maxReceiveCount: MAX_TRIES },
    });
    core.hasResourceProperties("AWS::Lambda::EventSourceMapping", {
      FunctionResponseTypes: ["ReportBatchItemFailures"],
    });
    core.hasResourceProperties("AWS::Lambda::Function", {
      FunctionName: "data-exports-mover",
      Runtime: "nodejs24.x",
      Architectures: ["arm64"],
    });
    core.hasResourceProperties("AWS::CloudWatch::Alarm", { AlarmName: "data-exports-dead-letters", Threshold: 1 });
    core.hasResourceProperties("AWS::S3::Bucket", {
      BucketName: "mojap-hub-exports",
      VersioningConfiguration: { Status: "Enabled" },
    });
  });

  it("sweeps the export bucket every 15 minutes and alarms on objects left for over an hour", () => {
    const core = template("DataExports-Core");
    core.hasResourceProperties("AWS::Events::Rule", { ScheduleExpression: "rate(15 minutes)", State: "ENABLED" });
    core.hasResourceProperties("AWS::Lambda::Function", {
      FunctionName: "data-exports-sweeper",
      Runtime: "nodejs24.x",
    });
    core.hasResourceProperties("AWS::CloudWatch::Alarm", {
      AlarmName: "data-exports-leftovers",
      Namespace: "DataExports",
      MetricName: "LeftoverObjects",
      Dimensions: [{ Name: "service", Value: "sweeper" }],
      Threshold: 1,
    });
  });

  it("gives each push dataset a mover role with a stable name that only the mover may assume", () => {
    for (const dataset of config.push) {
      template(stackOf(dataset.name.replaceAll("_", "")).stackName).hasResourceProperties("AWS::IAM::Role", {
        RoleName: `export_${dataset.name}-move`,
        Path: "/service-role/",
        AssumeRolePolicyDocument: {
          Version: "2012-10-17",
          Statement: [
            Match.objectLike({
              Principal: { AWS: "arn:aws:iam::123456789012:role/service-role/data-exports-mover" },
              Action: "sts:AssumeRole",
            }),
          ],
        },
      });
    }
  });

  it("writes trust policies AWS accepts: no Resource element in any role's AssumeRolePolicyDocument", () => {
    let roles = 0;
    for (const stack of stacks) {
      for (const role of Object.values(Template.fromStack(stack).findResources("AWS::IAM::Role"))) {
        const trust = (role as { Properties: { AssumeRolePolicyDocument: { Statement: Record<string, unknown>[] } } })
          .Properties.AssumeRolePolicyDocument;
        for (const statement of trust.Statement) expect(Object.keys(statement)).not.toContain("Resource");
        roles++;
      }
    }
    expect(roles).toBeGreaterThan(config.push.length);
  });

  it("gives each pull dataset a hardened bucket, versioned as asked and kept when the dataset is removed; its policy goes", () => {
    for (const dataset of config.pull) {
      const t = template(stackOf(dataset.name.replaceAll(/[_-]/g, "")).stackName);
      t.hasResource("AWS::S3::Bucket", {
        DeletionPolicy: "Retain",
        Properties: Match.objectLike({
          BucketName: dataset.bucket,
          PublicAccessBlockConfiguration: Match.objectLike({ BlockPublicPolicy: true, RestrictPublicBuckets: true }),
          OwnershipControls: { Rules: [{ ObjectOwnership: "BucketOwnerEnforced" }] },
          VersioningConfiguration: dataset.bucketVersioning ? { Status: "Enabled" } : Match.absent(),
        }),
      });
      t.hasResource("AWS::S3::BucketPolicy", {
        DeletionPolicy: "Delete",
        Properties: Match.objectLike({ Bucket: dataset.bucket }),
      });
    }
  });

  it("puts each user's policy on their role in a way a missing role cannot fail: NoSuchEntity is ignored", () => {
    const users = stacks.filter((s) => s.stackName.startsWith("DataExports-Users-"));
    let seen = 0;
    for (const stack of users) {
      const resources = Template.fromStack(stack).findResources("Custom::PlatformUserPolicy");
      for (const resource of Object.values(resources)) {
        const create = JSON.parse((resource as { Properties: { Create: string } }).Properties.Create) as {
          ignoreErrorCodesMatching: string;
          parameters: { RoleName: string };
        };
        expect(create.ignoreErrorCodesMatching).toBe("NoSuchEntity.*");
        expect(new RegExp(create.ignoreErrorCodesMatching).test("NoSuchEntityException")).toBe(true);
        seen++;
      }
      // Nothing else in the app names a user's role in a way CloudFormation would validate.
      Template.fromStack(stack).resourceCountIs("AWS::IAM::RolePolicy", 0);
    }
    expect(seen).toBe(new Set([...config.push, ...config.pull].flatMap((d) => d.users)).size);
  });
});
