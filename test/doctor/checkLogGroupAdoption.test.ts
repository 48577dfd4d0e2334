import { CloudFormationClient, ListStackResourcesCommand } from "@aws-sdk/client-cloudformation";
import { CloudWatchLogsClient, DescribeLogGroupsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { mockClient } from "aws-sdk-client-mock";
import { describe, expect, it } from "vitest";
import { checkLogGroupAdoption } from "../../src/doctor/checkLogGroupAdoption";
import { plannedLogGroups, type PlannedLogGroup } from "../../src/doctor/plannedLogGroups";
import { plannedBuckets } from "../../src/doctor/plannedBuckets";
import { configOf, repoConfig, synthesize } from "../synth";

const PLANNED: PlannedLogGroup = {
  stackName: "DataExports-Core",
  logicalId: "MoverLogsD3480018",
  logGroup: "/aws/lambda/data-exports-mover",
};

const failure = (name: string, status: number, message = name) =>
  Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status } });

/** The account's log groups by name, and the stack's log groups (logical id → name; undefined: not deployed). */
function fakeAws(groups: string[], stack?: Record<string, string>) {
  const logs = new CloudWatchLogsClient({ region: "eu-west-1" });
  const cfn = new CloudFormationClient({ region: "eu-west-1" });
  // As CloudWatch Logs answers: every group whose name starts with the prefix, sorted.
  const logsMock = mockClient(logs);
  logsMock.on(DescribeLogGroupsCommand).callsFake(async (input: { logGroupNamePrefix?: string }) => ({
    logGroups: groups
      .filter((g) => g.startsWith(input.logGroupNamePrefix ?? ""))
      .sort()
      .map((logGroupName) => ({ logGroupName })),
  }));
  mockClient(cfn)
    .on(ListStackResourcesCommand)
    .callsFake(async (input: { StackName: string }) => {
      if (!stack) throw failure("ValidationError", 400, `Stack with id ${input.StackName} does not exist`);
      return {
        StackResourceSummaries: Object.entries(stack).map(([LogicalResourceId, PhysicalResourceId]) => ({
          LogicalResourceId,
          PhysicalResourceId,
          ResourceType: "AWS::Logs::LogGroup",
          ResourceStatus: "CREATE_COMPLETE",
          LastUpdatedTimestamp: new Date(),
        })),
      };
    });
  return { logs, cfn, logsMock };
}

describe("the pre-deploy check of the log groups a deployment keeps", () => {
  it("lists every named log group the templates retain, which --import-existing-resources would adopt", () => {
    const { templates } = synthesize(configOf([]));
    const planned = plannedLogGroups(templates.map((t) => ({ stackName: t.name, template: t.template })));
    expect(planned.map((p) => [p.stackName, p.logGroup])).toEqual([
      ["DataExports-Core", "/aws/lambda/data-exports-mover"],
      ["DataExports-Core", "/aws/lambda/data-exports-sweeper"],
    ]);
  }, 60_000);

  // `--import-existing-resources` adopts every resource with a static custom name and a Retain
  // deletion policy (AWS CloudFormation User Guide, "Import AWS resources into a CloudFormation
  // stack automatically"). A retained resource check-deploy does not look at would be adopted unseen.
  it("checks every retained resource the deployment could adopt: buckets and log groups; KMS keys have no name", async () => {
    const notifying = configOf([
      {
        kind: "push",
        path: "push_datasets/court_list.yaml",
        text: "name: court_list\nbucket: receiving-bucket\nusers:\n  - alpha_user_ana\nnotify:\n  - team@example.org\n",
      },
    ]);
    for (const config of [await repoConfig(), notifying]) {
      const stacks = synthesize(config).templates.map((t) => ({ stackName: t.name, template: t.template }));
      const retained = stacks.flatMap(({ stackName, template }) =>
        Object.entries(template.Resources ?? {}).flatMap(([logicalId, r]) =>
          r.DeletionPolicy === "Retain" || r.DeletionPolicy === "RetainExceptOnCreate"
            ? [{ stackName, logicalId, r }]
            : [],
        ),
      );
      const checked = new Set(
        [...plannedBuckets(stacks), ...plannedLogGroups(stacks)].map((p) => `${p.stackName}/${p.logicalId}`),
      );
      const unchecked = retained.filter(({ stackName, logicalId }) => !checked.has(`${stackName}/${logicalId}`));
      expect(unchecked.map(({ r }) => r.Type)).toEqual(unchecked.map(() => "AWS::KMS::Key"));
      // A key is found by the KeyId CloudFormation made for it: no template can name one.
      expect(unchecked.filter(({ r }) => Object.keys(r.Properties ?? {}).some((k) => /Name$|^KeyId$/.test(k)))).toEqual(
        [],
      );
    }
  }, 120_000);

  it.each([
    {
      name: "a log group no one has made passes: the deployment creates it",
      groups: ["/aws/lambda/data-exports-mover-old"],
    },
    {
      name: "the stack's own log group passes: nothing is imported",
      groups: [PLANNED.logGroup],
      stack: { [PLANNED.logicalId]: PLANNED.logGroup },
    },
  ])("$name", async ({ groups, stack }) => {
    const aws = fakeAws(groups, stack);
    expect(await checkLogGroupAdoption(aws.logs, aws.cfn, [PLANNED])).toEqual([]);
  });

  it("stops at a log group of that name outside its stack: an import would keep its retention, key and subscriptions", async () => {
    const aws = fakeAws([PLANNED.logGroup], {});
    const findings = await checkLogGroupAdoption(aws.logs, aws.cfn, [PLANNED]);
    expect(findings).toEqual([
      {
        file: "exports.settings.yaml",
        line: 1,
        column: 1,
        check: "log-group-not-ours",
        message: expect.stringContaining(
          "the deployment would create log group /aws/lambda/data-exports-mover in DataExports-Core, but it already exists outside the stack",
        ) as unknown,
      },
    ]);
    expect(aws.logsMock.commandCalls(DescribeLogGroupsCommand)[0]?.args[0].input).toEqual({
      logGroupNamePrefix: PLANNED.logGroup,
    });
  });
});
