import { CloudFormationClient, ListStackResourcesCommand } from "@aws-sdk/client-cloudformation";
import { CloudWatchLogsClient, DescribeLogGroupsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { GetBucketTaggingCommand, HeadBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { mockClient } from "aws-sdk-client-mock";
import { describe, expect, it, vi } from "vitest";
import { checkDeployCommand } from "../../src/cli/checkDeploy/command";
import { DATASET_TAG } from "../../src/infra/datasetTag";
import { REPO } from "../synth";
import { runCli } from "./runCli";

// Every test runs `exports check-deploy` on the repository's files: each plan is synthesized once (test/synth.ts).
vi.mock("../../src/doctor/expectedStacks", async (real) => (await import("../synth")).synthesizingOnce(await real()));

const failure = (name: string, status: number, message = name) =>
  Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status } });

/**
 * An account with no stack deployed, holding `buckets` (name → tag value; undefined: another
 * account's) and the log groups `logGroups`.
 */
function fakeAws(buckets: Record<string, string | undefined>, logGroups: string[] = []) {
  const clients = {
    s3: new S3Client({ region: "eu-west-1" }),
    cfn: new CloudFormationClient({ region: "eu-west-1" }),
    logs: new CloudWatchLogsClient({ region: "eu-west-1" }),
  };
  mockClient(clients.logs)
    .on(DescribeLogGroupsCommand)
    .callsFake(async (input: { logGroupNamePrefix: string }) => ({
      logGroups: logGroups
        .filter((g) => g.startsWith(input.logGroupNamePrefix))
        .map((logGroupName) => ({ logGroupName })),
    }));
  mockClient(clients.cfn)
    .on(ListStackResourcesCommand)
    .callsFake(async (input: { StackName: string }) => {
      throw failure("ValidationError", 400, `Stack with id ${input.StackName} does not exist`);
    });
  const s3 = mockClient(clients.s3);
  s3.on(HeadBucketCommand).callsFake(async (input: { Bucket: string }) => {
    if (!(input.Bucket in buckets)) throw failure("NotFound", 404);
    if (buckets[input.Bucket] === undefined) throw failure("Forbidden", 403);
    return {};
  });
  s3.on(GetBucketTaggingCommand).callsFake(async (input: { Bucket: string }) => ({
    TagSet: [{ Key: DATASET_TAG, Value: buckets[input.Bucket] }],
  }));
  return { clients, s3 };
}

async function checkDeploy(aws: ReturnType<typeof fakeAws>) {
  let stdout = "";
  let stderr = "";
  const out = { stdout: (t: string) => (stdout += t), stderr: (t: string) => (stderr += t) };
  const code = await checkDeployCommand(REPO, out, () => aws.clients);
  return { code, stdout, stderr };
}

describe("exports check-deploy", () => {
  it("passes a first deployment, where no bucket exists yet, and a retained bucket of the same dataset", async () => {
    const { code, stdout, stderr } = await checkDeploy(fakeAws({ "mojap-legal-aid-costs": "legal_aid_costs" }));
    expect(stdout, stderr).toMatch(/^✔ account 123456789012: each of the \d+ buckets the deployment creates is new/);
    expect(code).toBe(0);
  }, 60_000);

  it("stops with 1, at the dataset's file, when a bucket of the same name is another account's", async () => {
    const { code, stdout } = await checkDeploy(fakeAws({ "mojap-legal-aid-costs": undefined }));
    expect(stdout).toMatch(
      /^pull_datasets\/legal_aid_costs.yaml:2:7: the deployment would create bucket mojap-legal-aid-costs .*\[bucket-not-ours\]\n✖ 1 bucket\(s\) or log group\(s\) stop the deployment; nothing was changed\n$/,
    );
    expect(code).toBe(1);
  }, 60_000);

  it("stops with 1, at the settings, when a log group it keeps already exists outside its stack", async () => {
    const { code, stdout } = await checkDeploy(fakeAws({}, ["/aws/lambda/data-exports-sweeper"]));
    expect(stdout).toMatch(
      /^exports.settings.yaml:1:1: the deployment would create log group \/aws\/lambda\/data-exports-sweeper in DataExports-Core, but it already exists outside the stack.*\[log-group-not-ours\]\n✖ 1 bucket\(s\) or log group\(s\) stop the deployment; nothing was changed\n$/,
    );
    expect(code).toBe(1);
  }, 60_000);

  it("stops with 2 when AWS cannot be asked", async () => {
    const aws = fakeAws({});
    aws.s3.on(HeadBucketCommand).rejects(failure("ExpiredToken", 400, "The token is expired"));
    const { code, stderr } = await checkDeploy(aws);
    expect(stderr).toContain("exports check-deploy: AWS could not be asked (ExpiredToken");
    expect(code).toBe(2);
  }, 60_000);

  it("is a command of the CLI", async () => {
    const { code, stdout } = await runCli(["check-deploy", "--help"]);
    expect(stdout).toContain("--import-existing-resources");
    expect(code).toBe(0);
  });
});
