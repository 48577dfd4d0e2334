import { runSimulation } from "@cloud-copilot/iam-simulate";
import type { Stack } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { lambdaLogGroup } from "../../src/delivery/insightsEvents";
import { STATUS_POLICY, statusReaderPolicy } from "../../src/plan/policies/statusReader";
import type { PolicyDocument } from "../../src/plan/policyDocument";
import { repoConfig, synthesize } from "../synth";

// Who may run `exports status` on AWS: the core stack's managed policy, evaluated with the IAM
// simulator both ways. It allows the query over the mover's log group and its results, nothing else.

describe("the exports status managed policy", () => {
  let synth: ReturnType<typeof synthesize>;
  let document: PolicyDocument;
  const logGroupArn = (name: string) =>
    `arn:aws:logs:${synth.plan.settings.region}:${synth.plan.settings.accountId}:log-group:${name}:*`;

  beforeAll(async () => {
    synth = synthesize(await repoConfig());
    const core = Template.fromStack(synth.stacks.find((s) => s.stackName === "DataExports-Core") as Stack);
    const found = Object.values(
      core.findResources("AWS::IAM::ManagedPolicy", { Properties: { ManagedPolicyName: STATUS_POLICY } }),
    );
    expect(found).toHaveLength(1);
    document = (found[0] as { Properties: { PolicyDocument: PolicyDocument } }).Properties.PolicyDocument;
  }, 120_000);

  const decide = async (action: string, resource: string) => {
    const result = await runSimulation(
      {
        request: {
          principal: `arn:aws:iam::${synth.plan.settings.accountId}:role/alpha_user_ana`,
          action,
          resource: { resource, accountId: synth.plan.settings.accountId },
          contextVariables: {},
        },
        identityPolicies: [{ name: STATUS_POLICY, policy: document }],
        serviceControlPolicies: [],
        resourceControlPolicies: [],
      },
      {},
    );
    if (result.resultType === "error") throw new Error(JSON.stringify(result.errors));
    return result.overallResult;
  };

  it("is deployed as the plan builds it", () => {
    // CDK writes a one-action list as a string: the same policy to IAM.
    const planned = statusReaderPolicy(synth.plan.settings).Statement.map((s) => ({ ...s, Action: [s.Action].flat() }));
    expect(document.Statement.map((s) => ({ ...s, Action: [s.Action].flat() }))).toEqual(planned);
  });

  it("allows what exports status calls: StartQuery on the mover's log group, then GetQueryResults", async () => {
    expect(await decide("logs:StartQuery", logGroupArn(lambdaLogGroup(synth.plan.mover.functionName)))).toBe("Allowed");
    expect(await decide("logs:GetQueryResults", "*")).toBe("Allowed");
  });

  it("allows no query of another log group, no direct reading of log events, and no change", async () => {
    const mover = logGroupArn(lambdaLogGroup(synth.plan.mover.functionName));
    const denied = [
      ["logs:StartQuery", logGroupArn("/aws/lambda/data-exports-sweeper")],
      ["logs:StartQuery", logGroupArn("/aws/lambda/some-other-function")],
      ["logs:FilterLogEvents", mover],
      ["logs:GetLogEvents", `${mover.slice(0, -2)}:log-stream:x`],
      ["logs:DeleteLogGroup", mover],
      ["logs:StopQuery", "*"],
    ];
    for (const [action, resource] of denied)
      expect(await decide(action as string, resource as string), `${action} ${resource}`).toBe("ImplicitlyDenied");
  });
});
