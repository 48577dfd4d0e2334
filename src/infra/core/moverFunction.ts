import { CfnOutput, Duration, RemovalPolicy, Stack, Validations } from "aws-cdk-lib";
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import type * as cloudwatchActions from "aws-cdk-lib/aws-cloudwatch-actions";
import * as iam from "aws-cdk-lib/aws-iam";
import * as kms from "aws-cdk-lib/aws-kms";
import * as lambda from "aws-cdk-lib/aws-lambda";
import * as s3 from "aws-cdk-lib/aws-s3";
import * as sqs from "aws-cdk-lib/aws-sqs";
import type { Construct } from "constructs";
import { MAX_TRIES } from "../../mover/retries";
import { LEDGER_APPEND, LEDGER_LIST, LEDGER_READ_OBJECTS, QUEUE_CONSUME, RECORDS_KEY_USE } from "../../plan/actions";
import type { Plan } from "../../plan/plan";
import { manifestSigningKeyPolicy } from "../../plan/policies/manifestSigningKey";
import { noticePublishStatement } from "../../plan/policies/noticeTopic";
import { functionLogGroup } from "../functionLogs";
import { QueueDestination } from "../queueDestination";
import { bundledFunction } from "./bundledFunction";
import { ResourceGroup } from "./resourceGroup";

export interface MoverFunctionProps {
  plan: Plan;
  exportBucket: s3.Bucket;
  alarms: cloudwatchActions.SnsAction;
  /** Where the mover appends delivery records, and the key that encrypts them and its logs (decision 0017). */
  ledger: { bucket: s3.Bucket; key: kms.IKey };
}

/**
 * The mover: the queue the export bucket's object events go to (with a dead-letter queue and an
 * alarm on it), the function that takes them, its role and its log group.
 */
export class MoverFunction extends ResourceGroup {
  readonly queue: sqs.Queue;

  constructor(scope: Construct, id: string, { plan, exportBucket, alarms, ledger }: MoverFunctionProps) {
    super(scope, id);
    const deadLetterQueue = new sqs.Queue(this, "DeadLetterQueue", {
      queueName: plan.mover.deadLetterQueue,
      retentionPeriod: Duration.days(14),
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    const timeout = Duration.minutes(15);
    this.queue = new sqs.Queue(this, "Queue", {
      queueName: plan.mover.queue,
      // Longer than the function may run, so a message is never handed out twice at once.
      visibilityTimeout: Duration.minutes(6 * 15),
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      deadLetterQueue: { queue: deadLetterQueue, maxReceiveCount: MAX_TRIES },
    });
    exportBucket.addEventNotification(
      s3.EventType.OBJECT_CREATED,
      new QueueDestination(this.queue, plan.settings.accountId),
    );
    // The notification configuration is written by a handler that CDK adds to the stack.
    for (const child of Stack.of(this).node.findAll()) {
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
    const signingKey = manifestSigningKey(this, plan, role);
    const mover = bundledFunction(this, "Mover", "handler.ts", plan, {
      functionName: plan.mover.functionName,
      memorySize: 1024,
      timeout,
      role,
      logGroup: functionLogGroup(this, "MoverLogs", plan.mover.functionName, role, ledger.key),
      environment: {
        EXPORT_BUCKET: plan.exportBucket.name,
        ACCOUNT_ID: plan.settings.accountId,
        MANIFEST_SIGNING_KEY: signingKey.attrArn,
        LEDGER_BUCKET: ledger.bucket.bucketName,
      },
    });
    ledgerGrants(role, ledger);
    // Lambda polls the queue with the function's role: exactly what it needs, not CDK's wider grant.
    // https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html
    role.addToPolicy(
      new iam.PolicyStatement({ sid: "ConsumeQueue", actions: QUEUE_CONSUME, resources: [this.queue.queueArn] }),
    );
    // Delivery notices: the mover publishes each dataset's to its own topic (decision 0010).
    const publish = noticePublishStatement(plan.settings);
    role.addToPolicy(iam.PolicyStatement.fromJson(publish));
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${publish.Resource as string}]`,
      reason:
        "Only the delivery-notice topics, by their name prefix data-exports-notify-; one ARN per dataset would pass IAM's policy size limit at 1,000 datasets.",
    });
    new lambda.EventSourceMapping(this, "MoverQueue", {
      target: mover,
      eventSourceArn: this.queue.queueArn,
      batchSize: 10,
      reportBatchItemFailures: true,
    }).node.addDependency(role);

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

/**
 * The key that signs sealed batches' manifests (decision 0018): ECC_NIST_P256, used only by the
 * mover's role (its key policy). An L1 key, so its policy is exactly that one: the L2 adds the
 * account's kms:*. Its ARN is an output, for operators to publish its public key.
 */
function manifestSigningKey(scope: Construct, plan: Plan, role: iam.Role): kms.CfnKey {
  const signingKey = new kms.CfnKey(scope, "ManifestSigningKey", {
    description: "data-exports: signs sealed batches' manifests; only the mover function may Sign",
    keySpec: "ECC_NIST_P256",
    keyUsage: "SIGN_VERIFY",
    keyPolicy: manifestSigningKeyPolicy(plan.settings),
  });
  signingKey.applyRemovalPolicy(RemovalPolicy.RETAIN);
  // KMS refuses a key policy naming a principal that does not exist yet.
  signingKey.node.addDependency(role);
  new CfnOutput(scope, "ManifestSigningKeyArn", {
    description: "The key sealed batches' manifests are signed with: publish its public key (docs/operators.md)",
    value: signingKey.attrArn,
  });
  return signingKey;
}

/**
 * The mover function's grants on the delivery ledger (decision 0017): append records, and read a
 * folder's back for a sealed batch (each object's first version), through S3 with the records
 * key. Nothing that deletes a record or touches its retention: the bucket policy denies those to
 * everyone anyway. https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html
 */
function ledgerGrants(role: iam.Role, ledger: MoverFunctionProps["ledger"]): void {
  role.addToPolicy(
    new iam.PolicyStatement({
      sid: "AppendDeliveryRecords",
      actions: LEDGER_APPEND,
      resources: [ledger.bucket.arnForObjects("*")],
    }),
  );
  role.addToPolicy(
    new iam.PolicyStatement({
      sid: "ReadDeliveryRecords",
      actions: LEDGER_READ_OBJECTS,
      resources: [ledger.bucket.arnForObjects("*")],
    }),
  );
  role.addToPolicy(
    new iam.PolicyStatement({ sid: "ListDeliveryRecords", actions: LEDGER_LIST, resources: [ledger.bucket.bucketArn] }),
  );
  role.addToPolicy(
    new iam.PolicyStatement({ sid: "UseRecordsKey", actions: RECORDS_KEY_USE, resources: [ledger.key.keyArn] }),
  );
  const bucketId = Stack.of(role).getLogicalId(ledger.bucket.node.defaultChild as s3.CfnBucket);
  Validations.of(role).acknowledge({
    id: `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/*]`,
    reason:
      "The mover appends delivery records under keys it makes (dataset, day, time, random) and reads a sealed batch's folder: any key of the ledger bucket, whose policy denies every delete and retention change.",
  });
}
