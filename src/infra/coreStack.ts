import { Duration, Stack, Validations, type StackProps } from "aws-cdk-lib";
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import * as cloudwatchActions from "aws-cdk-lib/aws-cloudwatch-actions";
import * as events from "aws-cdk-lib/aws-events";
import * as targets from "aws-cdk-lib/aws-events-targets";
import * as iam from "aws-cdk-lib/aws-iam";
import * as lambda from "aws-cdk-lib/aws-lambda";
import * as nodejs from "aws-cdk-lib/aws-lambda-nodejs";
import * as s3 from "aws-cdk-lib/aws-s3";
import * as sqs from "aws-cdk-lib/aws-sqs";
import type { Construct } from "constructs";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { routesOf } from "../mover/routes";
import { EXPORT_SWEEP, QUEUE_CONSUME, QUEUE_SEND, SWEEP_READ_MARKS } from "../plan/actions";
import { accessLogsBucketName } from "../plan/names";
import type { Plan } from "../plan/plan";
import { noticePublishStatement } from "../plan/policies/noticeTopic";
import { STATUS_POLICY, statusReaderPolicy } from "../plan/policies/statusReader";
import { tlsOnly } from "../plan/policies/tlsOnly";
import { alarmTopic } from "./alarmTopic";
import { functionLogGroup } from "./functionLogs";
import { hardenedBucket } from "./hardenedBucket";
import { QueueDestination } from "./queueDestination";

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

/** The sweep's function. */
export const SWEEPER_FUNCTION = "data-exports-sweeper";

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
          ...tlsOnly(accessLogsBucket(settings.exportBucket)),
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
    exportBucket.addEventNotification(s3.EventType.OBJECT_CREATED, new QueueDestination(queue, settings.accountId));
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
      description:
        "The data-exports mover: it takes object events and assumes push datasets' roles, which do the moving.",
    });
    // No identity grant to assume the dataset roles: each role's trust policy names this role by
    // its ARN, which in the same account allows AssumeRole by itself (test/mover/grants.test.ts).
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-basics.html
    const mover = bundledFunction(this, "Mover", "handler.ts", plan, {
      functionName: plan.mover.functionName,
      memorySize: 1024,
      timeout,
      role,
      logGroup: functionLogGroup(this, "MoverLogs", plan.mover.functionName, role),
      environment: { EXPORT_BUCKET: plan.exportBucket.name, ACCOUNT_ID: settings.accountId },
    });
    // Lambda polls the queue with the function's role: exactly what it needs, not CDK's wider grant.
    // https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html
    role.addToPolicy(
      new iam.PolicyStatement({ sid: "ConsumeQueue", actions: QUEUE_CONSUME, resources: [queue.queueArn] }),
    );
    // Delivery notices: the mover publishes each dataset's to its own topic (decision 0010).
    role.addToPolicy(iam.PolicyStatement.fromJson(noticePublishStatement(settings)));
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${noticePublishStatement(settings).Resource as string}]`,
      reason:
        "Only the delivery-notice topics, by their name prefix data-exports-notify-; one ARN per dataset would pass IAM's policy size limit at 1,000 datasets.",
    });
    // For requesters and operators who run `exports status` against AWS: attach it to their roles.
    const status = new iam.ManagedPolicy(this, "StatusReaders", {
      managedPolicyName: STATUS_POLICY,
      description: "Run exports status: a Logs Insights query over the mover's audit log, and its results.",
      document: iam.PolicyDocument.fromJson(statusReaderPolicy(settings)),
    });
    Validations.of(status).acknowledge({
      id: "AwsSolutions-IAM5[Resource::*]",
      reason:
        "logs:GetQueryResults has no resource type (IAM service authorization reference); it returns only queries the caller started.",
    });
    Validations.of(status).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${String(statusReaderPolicy(settings).Statement[0]?.Resource)}]`,
      reason:
        "The mover's log group and its streams: a log group's ARN in a policy ends with :* (CloudWatch Logs permissions reference).",
    });
    new lambda.EventSourceMapping(this, "MoverQueue", {
      target: mover,
      eventSourceArn: queue.queueArn,
      batchSize: 10,
      reportBatchItemFailures: true,
    }).node.addDependency(role);

    // The sweep: every 15 minutes, objects left behind (a lost or dead-lettered event) go back to the queue.
    const sweeperRole = new iam.Role(this, "SweeperRole", {
      assumedBy: new iam.ServicePrincipal("lambda.amazonaws.com"),
      description: "The data-exports sweep: it lists the export bucket and re-queues what was left behind.",
    });
    const sweeper = bundledFunction(this, "Sweeper", "sweepHandler.ts", plan, {
      functionName: SWEEPER_FUNCTION,
      memorySize: 512,
      timeout: Duration.minutes(5),
      role: sweeperRole,
      logGroup: functionLogGroup(this, "SweeperLogs", SWEEPER_FUNCTION, sweeperRole),
      environment: { EXPORT_BUCKET: plan.exportBucket.name, QUEUE_URL: queue.queueUrl },
    });
    sweeperRole.addToPolicy(
      new iam.PolicyStatement({ sid: "ListExports", actions: EXPORT_SWEEP, resources: [exportBucket.bucketArn] }),
    );
    sweeperRole.addToPolicy(
      new iam.PolicyStatement({ sid: "RequeueObjects", actions: QUEUE_SEND, resources: [queue.queueArn] }),
    );
    // keep_files: the sweep reads each kept object's delivery mark (docs/decisions/0013-keep-files-deliveries.md).
    sweeperRole.addToPolicy(
      new iam.PolicyStatement({
        sid: "ReadDeliveryMarks",
        actions: SWEEP_READ_MARKS,
        resources: [exportBucket.arnForObjects("*")],
      }),
    );
    new events.Rule(this, "SweepSchedule", {
      schedule: events.Schedule.rate(Duration.minutes(15)),
      targets: [new targets.LambdaFunction(sweeper)],
    });
    Validations.of(sweeperRole).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${this.getLogicalId(exportBucket.node.defaultChild as s3.CfnBucket)}.Arn>/*]`,
      reason:
        "The sweep reads delivery-mark tags on any kept object of the export bucket (s3:GetObjectTagging only); one ARN per keep_files prefix would pass IAM's policy size limit at 1,000 datasets.",
    });
    const alarms = new cloudwatchActions.SnsAction(alarmTopic(this, settings.alarmEmails));
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
    }).addAlarmAction(alarms);

    new cloudwatch.Alarm(this, "DeadLetterAlarm", {
      alarmName: "data-exports-dead-letters",
      alarmDescription:
        "Exported objects the mover could not move after every retry; they are still in the export bucket.",
      metric: deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5) }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    }).addAlarmAction(alarms);
  }
}
