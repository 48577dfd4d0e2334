import { Duration, Stack, Validations } from "aws-cdk-lib";
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import type * as cloudwatchActions from "aws-cdk-lib/aws-cloudwatch-actions";
import * as events from "aws-cdk-lib/aws-events";
import * as targets from "aws-cdk-lib/aws-events-targets";
import * as iam from "aws-cdk-lib/aws-iam";
import type * as kms from "aws-cdk-lib/aws-kms";
import type * as s3 from "aws-cdk-lib/aws-s3";
import type * as sqs from "aws-cdk-lib/aws-sqs";
import type { Construct } from "constructs";
import { SWEEP_EVERY_MINUTES } from "../../mover/retries";
import { EXPORT_SWEEP, QUEUE_SEND, SWEEP_READ_MARKS } from "../../plan/actions";
import type { Plan } from "../../plan/plan";
import { functionLogGroup } from "../functionLogs";
import { bundledFunction } from "./bundledFunction";
import { ResourceGroup } from "./resourceGroup";

/** The sweeper function's name, and so its log group's. */
export const SWEEPER_FUNCTION = "data-exports-sweeper";

export interface SweepProps {
  plan: Plan;
  exportBucket: s3.Bucket;
  queue: sqs.Queue;
  alarms: cloudwatchActions.SnsAction;
  /** The records key, which encrypts the sweeper's log group (decision 0017). */
  recordsKey: kms.IKeyRef;
}

/**
 * The sweep: every SWEEP_EVERY_MINUTES (15), objects left behind in the export bucket (a lost or dead-lettered
 * event) go back to the mover's queue; objects waiting over an hour raise an alarm.
 */
export class Sweep extends ResourceGroup {
  constructor(scope: Construct, id: string, { plan, exportBucket, queue, alarms, recordsKey }: SweepProps) {
    super(scope, id);
    const sweeperRole = new iam.Role(this, "SweeperRole", {
      assumedBy: new iam.ServicePrincipal("lambda.amazonaws.com"),
      description: "The data-exports sweep: it lists the export bucket and re-queues what was left behind.",
    });
    const sweeper = bundledFunction(this, "Sweeper", "sweepHandler.ts", plan, {
      functionName: SWEEPER_FUNCTION,
      memorySize: 512,
      timeout: Duration.minutes(5),
      role: sweeperRole,
      logGroup: functionLogGroup(this, "SweeperLogs", SWEEPER_FUNCTION, sweeperRole, recordsKey),
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
      schedule: events.Schedule.rate(Duration.minutes(SWEEP_EVERY_MINUTES)),
      targets: [new targets.LambdaFunction(sweeper)],
    });
    const bucketId = Stack.of(this).getLogicalId(exportBucket.node.defaultChild as s3.CfnBucket);
    Validations.of(sweeperRole).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/*]`,
      reason:
        "The sweep reads delivery-mark tags on any kept object of the export bucket (s3:GetObjectTagging only); one ARN per keep_files prefix would pass IAM's policy size limit at 1,000 datasets.",
    });
    new cloudwatch.Alarm(this, "LeftoverAlarm", {
      alarmName: "data-exports-leftovers",
      alarmDescription:
        "Objects have waited in the export bucket for over an hour: the mover is failing or its events are lost. The mover's error log says why.",
      metric: new cloudwatch.Metric({
        namespace: "DataExports",
        metricName: "LeftoverObjects",
        dimensionsMap: { service: "sweeper" },
        statistic: "Maximum",
        // One count per sweep: the period is the sweep's.
        period: Duration.minutes(SWEEP_EVERY_MINUTES),
      }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    }).addAlarmAction(alarms);
  }
}
