import { RemovalPolicy } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import type * as kms from "aws-cdk-lib/aws-kms";
import * as logs from "aws-cdk-lib/aws-logs";
import type { Construct } from "constructs";
import { LOG_WRITE } from "../plan/actions";

/** Where Lambda writes a function's logs. */
export const functionLogGroupName = (functionName: string) => `/aws/lambda/${functionName}`;

/**
 * A function's own log group, made before the function so it is never created unmanaged, and the
 * grant its execution role needs to write there: exactly CreateLogStream and PutLogEvents on that
 * group, which Lambda uses for the function's logs and Powertools' metrics (embedded metric
 * format). https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs.html
 */
export function functionLogGroup(
  scope: Construct,
  id: string,
  functionName: string,
  role: iam.IRole,
  encryptionKey?: kms.IKeyRef,
): logs.LogGroup {
  const group = new logs.LogGroup(scope, id, {
    logGroupName: functionLogGroupName(functionName),
    // A customer managed key whose policy lets CloudWatch Logs use it for this group (Control Tower CT.CLOUDWATCH.PR.3).
    ...(encryptionKey ? { encryptionKey } : {}),
    // The audit trail of every move: kept a year, and kept when the stack goes.
    retention: logs.RetentionDays.ONE_YEAR,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      sid: "WriteOwnLogs",
      actions: LOG_WRITE,
      // The group's ARN attribute ends in ":*", which covers its log streams.
      resources: [group.logGroupArn],
    }),
  );
  return group;
}
