import { Duration, Stack, Validations, type StackProps } from "aws-cdk-lib";
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import * as events from "aws-cdk-lib/aws-events";
import * as targets from "aws-cdk-lib/aws-events-targets";
import * as iam from "aws-cdk-lib/aws-iam";
import * as lambda from "aws-cdk-lib/aws-lambda";
import { SqsEventSource } from "aws-cdk-lib/aws-lambda-event-sources";
import * as nodejs from "aws-cdk-lib/aws-lambda-nodejs";
import * as s3 from "aws-cdk-lib/aws-s3";
import * as s3n from "aws-cdk-lib/aws-s3-notifications";
import * as sqs from "aws-cdk-lib/aws-sqs";
import type { Construct } from "constructs";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { routesOf } from "../mover/routes";
import { SWEEP_READ_MARKS } from "../plan/actions";
import { roleArn } from "../plan/arns";
import { accessLogsBucketName, moverRoleName } from "../plan/names";
import type { Plan } from "../plan/plan";
import { hardenedBucket } from "./hardenedBucket";

/** A function of the mover's code (one of src/mover/lambda/), bundled with esbuild and the routes. */
function bundledFunction(
  scope: Construct,
  id: string,
  entry: string,
  plan: Plan,
  props: Partial<nodejs.NodejsFunctionProps>,
): nodejs.NodejsFunction {
  const routes = routesFile(plan);
  return new nodejs.NodejsFunction(scope, id, {
    entry: join(MOVER_CODE, entry),
    // This package's own lock file: CDK would otherwise search up from the working directory and
    // fail when `exports synth --root` is run from outside the checkout.
    depsLockFilePath: PACKAGE_LOCK,
    runtime: lambda.Runtime.NODEJS_24_X,
    architecture: lambda.Architecture.ARM_64,
    ...props,
    bundling: {
      format: nodejs.OutputFormat.ESM,
      target: "node24",
      minify: true,
      sourceMap: true,
      forceDockerBundling: false,
      // Bundle the AWS SDK too: the function runs the versions the tests ran, not the runtime's.
      externalModules: [],
      // CommonJS dependencies inside an ES module bundle still call require().
      banner: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
      commandHooks: {
        beforeBundling: () => [],
        beforeInstall: () => [],
        afterBundling: (_input: string, output: string) => [`cp "${routes}" "${output}/routes.json"`],
      },
    },
  });
}

/** The mover's routes, written where the bundling step can copy them into the function's code. */
function routesFile(plan: Plan): string {
  const file = join(mkdtempSync(join(tmpdir(), "exports-routes-")), "routes.json");
  writeFileSync(file, JSON.stringify(routesOf(plan)));
  return file;
}

/** The bucket that receives the server access logs of the export bucket and every pull bucket. */
export const accessLogsBucket = accessLogsBucketName;

/** Tries of one message before it goes to the dead-letter queue. */
export const MAX_RECEIVES = 5;
const MOVER_CODE = join(import.meta.dirname, "../mover/lambda");
const PACKAGE_LOCK = join(import.meta.dirname, "../../package-lock.json");

/**
 * What every dataset shares: the export bucket and its access-log bucket, the queue its object
 * events go to (with a dead-letter queue and an alarm on it), and the mover function.
 */
export class CoreStack extends Stack {
  constructor(scope: Construct, id: string, plan: Plan, props: StackProps) {
    super(scope, id, props);
    const { settings } = plan;

    const accessLogs = hardenedBucket(this, "AccessLogs", {
      bucketName: accessLogsBucket(settings.exportBucket),
      policy: {
        Version: "2012-10-17",
        Statement: [
          ...plan.exportBucket.policy.Statement.map((s) => ({
            ...s,
            Resource: [
              `arn:aws:s3:::${accessLogsBucket(settings.exportBucket)}`,
              `arn:aws:s3:::${accessLogsBucket(settings.exportBucket)}/*`,
            ],
          })),
          {
            Sid: "S3ServerAccessLogs",
            Effect: "Allow",
            Principal: { Service: "logging.s3.amazonaws.com" },
            Action: "s3:PutObject",
            Resource: `arn:aws:s3:::${accessLogsBucket(settings.exportBucket)}/*`,
            Condition: { StringEquals: { "aws:SourceAccount": settings.accountId } },
          },
        ],
      },
    });
    const exportBucket = hardenedBucket(this, "ExportBucket", {
      bucketName: plan.exportBucket.name,
      policy: plan.exportBucket.policy,
      // Versions let the mover copy and delete exactly the version an event names, so an object
      // written again mid-move is never lost. Old versions are a safety net, not an archive.
      versioned: true,
      expireOldVersionsAfterDays: 30,
      accessLogs: { bucketName: accessLogsBucket(settings.exportBucket), prefix: `${plan.exportBucket.name}/` },
    });
    // Named, not referenced, so CloudFormation would not order them: S3 refuses a logging target
    // that does not exist yet (InvalidTargetBucketForLogging).
    exportBucket.node.addDependency(accessLogs, this.node.findChild("AccessLogsPolicy"));

    const deadLetterQueue = new sqs.Queue(this, "DeadLetterQueue", {
      queueName: plan.mover.deadLetterQueue,
      retentionPeriod: Duration.days(14),
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    const timeout = Duration.minutes(15);
    const queue = new sqs.Queue(this, "Queue", {
      queueName: plan.mover.queue,
      // Longer than the function may run, so a message is never handed out twice at once.
      visibilityTimeout: Duration.minutes(6 * 15),
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      deadLetterQueue: { queue: deadLetterQueue, maxReceiveCount: MAX_RECEIVES },
    });
    exportBucket.addEventNotification(s3.EventType.OBJECT_CREATED, new s3n.SqsDestination(queue));
    // The notification configuration is written by a handler that CDK adds to the stack.
    for (const child of this.node.findAll()) {
      if (child.node.path.includes("BucketNotificationsHandler") && child instanceof iam.CfnRole) {
        Validations.of(child).acknowledge({
          id: "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]",
          reason: "CDK's own bucket-notification handler; the managed policy only lets it write its log group.",
        });
      }
    }

    const role = new iam.Role(this, "MoverRole", {
      roleName: plan.mover.roleName,
      path: plan.mover.rolePath,
      assumedBy: new iam.ServicePrincipal("lambda.amazonaws.com"),
      description: "The data-exports mover: it may only assume push datasets' roles, which do the moving.",
    });
    const datasetRoles = roleArn(settings.accountId, "/service-role/", moverRoleName("*"));
    role.addToPolicy(
      new iam.PolicyStatement({ sid: "AssumeDatasetRoles", actions: ["sts:AssumeRole"], resources: [datasetRoles] }),
    );
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${datasetRoles}]`,
      reason:
        "The mover assumes the role of whichever push dataset an object belongs to; listing 1,000 role ARNs would pass IAM's policy size limit. The dataset roles' names all fit this pattern and each role is what limits access.",
    });
    const mover = bundledFunction(this, "Mover", "handler.ts", plan, {
      functionName: plan.mover.functionName,
      memorySize: 1024,
      timeout,
      role,
      environment: { EXPORT_BUCKET: plan.exportBucket.name, ACCOUNT_ID: settings.accountId },
    });
    Validations.of(role).acknowledge({
      id: "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]",
      reason: "Write access to the function's own CloudWatch log group, which is all this AWS managed policy grants.",
    });
    mover.addEventSource(new SqsEventSource(queue, { batchSize: 10, reportBatchItemFailures: true }));

    // The sweep: every 15 minutes, objects left behind (a lost or dead-lettered event) go back to the queue.
    const sweeper = bundledFunction(this, "Sweeper", "sweepHandler.ts", plan, {
      functionName: "data-exports-sweeper",
      memorySize: 512,
      timeout: Duration.minutes(5),
      environment: { EXPORT_BUCKET: plan.exportBucket.name, QUEUE_URL: queue.queueUrl },
    });
    sweeper.addToRolePolicy(
      new iam.PolicyStatement({ sid: "ListExports", actions: ["s3:ListBucket"], resources: [exportBucket.bucketArn] }),
    );
    // keep_files: the sweep reads each kept object's delivery mark (docs/decisions/0013-keep-files-deliveries.md).
    const keptObjects = exportBucket.arnForObjects("*");
    sweeper.addToRolePolicy(
      new iam.PolicyStatement({ sid: "ReadDeliveryMarks", actions: SWEEP_READ_MARKS, resources: [keptObjects] }),
    );
    queue.grantSendMessages(sweeper);
    new events.Rule(this, "SweepSchedule", {
      schedule: events.Schedule.rate(Duration.minutes(15)),
      targets: [new targets.LambdaFunction(sweeper)],
    });
    if (sweeper.role) {
      Validations.of(sweeper.role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${this.getLogicalId(exportBucket.node.defaultChild as s3.CfnBucket)}.Arn>/*]`,
        reason:
          "The sweep reads delivery-mark tags on any kept object of the export bucket (s3:GetObjectTagging only); one ARN per keep_files prefix would pass IAM's policy size limit at 1,000 datasets.",
      });
      Validations.of(sweeper.role).acknowledge({
        id: "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]",
        reason: "Write access to the sweeper's own CloudWatch log group, which is all this AWS managed policy grants.",
      });
    }
    new cloudwatch.Alarm(this, "LeftoverAlarm", {
      alarmName: "data-exports-leftovers",
      alarmDescription:
        "Objects have waited in the export bucket for over an hour: the mover is failing or its events are lost. The mover's error log says why.",
      metric: new cloudwatch.Metric({
        namespace: "DataExports",
        metricName: "LeftoverObjects",
        dimensionsMap: { service: "sweeper" },
        statistic: "Maximum",
        period: Duration.minutes(15),
      }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });

    new cloudwatch.Alarm(this, "DeadLetterAlarm", {
      alarmName: "data-exports-dead-letters",
      alarmDescription:
        "Exported objects the mover could not move after every retry; they are still in the export bucket.",
      metric: deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5) }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
  }
}
