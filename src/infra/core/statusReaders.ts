import { Validations } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import type { Construct } from "constructs";
import type { Settings } from "../../config/settings";
import { STATUS_POLICY, statusReaderPolicy } from "../../plan/policies/statusReader";

/**
 * The managed policy for requesters and operators who run `exports status` against AWS: a Logs
 * Insights query over the mover's audit log, and its results. Attach it to their roles.
 */
export function statusReaders(scope: Construct, settings: Settings): iam.ManagedPolicy {
  const document = statusReaderPolicy(settings);
  const status = new iam.ManagedPolicy(scope, "StatusReaders", {
    managedPolicyName: STATUS_POLICY,
    description: "Run exports status: a Logs Insights query over the mover's audit log, and its results.",
    document: iam.PolicyDocument.fromJson(document),
  });
  Validations.of(status).acknowledge({
    id: "AwsSolutions-IAM5[Resource::*]",
    reason:
      "logs:GetQueryResults has no resource type (IAM service authorization reference); it returns only queries the caller started.",
  });
  Validations.of(status).acknowledge({
    id: `AwsSolutions-IAM5[Resource::${String(document.Statement[0]?.Resource)}]`,
    reason:
      "The mover's log group and its streams: a log group's ARN in a policy ends with :* (CloudWatch Logs permissions reference).",
  });
  return status;
}
