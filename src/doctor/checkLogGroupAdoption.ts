import type { CloudFormationClient } from "@aws-sdk/client-cloudformation";
import { DescribeLogGroupsCommand, type CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import { SETTINGS_FILE } from "../config/settings";
import { deployedResources } from "./checkAdoption";
import type { Finding } from "./finding";
import type { PlannedLogGroup } from "./plannedLogGroups";

/**
 * Whether a log group of exactly this name exists in the account and region. DescribeLogGroups
 * filters by prefix and sorts by name, so the name itself, if it exists, comes first.
 * https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_DescribeLogGroups.html
 */
async function exists(logs: CloudWatchLogsClient, name: string): Promise<boolean> {
  const out = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: name }));
  return (out.logGroups ?? []).some((g) => g.logGroupName === name);
}

/**
 * Before `cdk deploy --import-existing-resources`: each named log group the deployment keeps (the
 * functions' logs, the audit trail of every move) either does not exist or is already in its
 * stack. Anything else is a finding that stops the deployment: an import applies none of the
 * template's properties, so a log group someone else made would be adopted as it is, with its own
 * retention, encryption key and subscription filters (decision 0004). Unlike a bucket, no tag makes
 * one the platform's: an operator who finds it is the platform's own imports it by hand.
 */
export async function checkLogGroupAdoption(
  logs: CloudWatchLogsClient,
  cfn: CloudFormationClient,
  groups: readonly PlannedLogGroup[],
): Promise<Finding[]> {
  const stacks = new Map<string, Map<string, string>>();
  const findings: Finding[] = [];
  for (const planned of groups) {
    let held = stacks.get(planned.stackName);
    if (!held) {
      held = await deployedResources(cfn, planned.stackName, "AWS::Logs::LogGroup");
      stacks.set(planned.stackName, held);
    }
    if (held.get(planned.logicalId) === planned.logGroup || !(await exists(logs, planned.logGroup))) continue;
    findings.push({
      file: SETTINGS_FILE,
      line: 1,
      column: 1,
      check: "log-group-not-ours",
      message: `the deployment would create log group ${planned.logGroup} in ${planned.stackName}, but it already exists outside the stack: --import-existing-resources would adopt it as it is, with whatever retention, encryption key and subscription filters it has, which the deployment does not change. If it is the platform's own, left by a deleted stack, check those and import it by hand (npx cdk import ${planned.stackName}); otherwise, once it is known whose it is and that nothing needs it, delete it`,
    });
  }
  return findings;
}
