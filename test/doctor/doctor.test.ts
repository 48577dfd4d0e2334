import { CloudFormationClient, GetTemplateCommand, ListStackResourcesCommand } from "@aws-sdk/client-cloudformation";
import { GetRoleCommand, IAMClient } from "@aws-sdk/client-iam";
import { GetBucketTaggingCommand, HeadBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { mockClient } from "aws-sdk-client-mock";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { doctorCommand } from "../../src/cli/doctor/command";
import type { Config } from "../../src/config/config";
import { expectedStacks, synthesizedStacks } from "../../src/doctor/expectedStacks";
import { plannedBuckets } from "../../src/doctor/plannedBuckets";
import { DATASET_TAG } from "../../src/infra/datasetTag";
import { buildPlan } from "../../src/plan/plan";
import { REPO, repoConfig } from "../synth";

// Every test runs `exports doctor` on the repository's files: each plan is synthesized once (test/synth.ts).
vi.mock("../../src/doctor/expectedStacks", async (real) => (await import("../synth")).synthesizingOnce(await real()));

const failure = (name: string, status: number, message = name) =>
  Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status } });

let config: Config;
let expected: ReturnType<typeof expectedStacks>;
let all: ReturnType<typeof synthesizedStacks>;
beforeAll(async () => {
  config = await repoConfig();
  all = synthesizedStacks(buildPlan(config).value);
  expected = expectedStacks(buildPlan(config).value, all);
}, 60_000);

/** Mocked AWS: what it answers is set per test. */
function fakeAws(options: {
  missingRoles?: string[];
  buckets?: Record<string, number>;
  /** The region S3 names for a bucket, as it does in every answer about it. */
  regions?: Record<string, string>;
  templates?: (stack: string) => unknown;
  /** Buckets of the platform's own account (HeadBucket with it as ExpectedBucketOwner succeeds), with their tags. */
  own?: Record<string, Record<string, string>>;
}) {
  const clients = {
    iam: new IAMClient({ region: "eu-west-1" }),
    s3: new S3Client({ region: "eu-west-1" }),
    cfn: new CloudFormationClient({ region: "eu-west-1" }),
  };
  mockClient(clients.iam)
    .on(GetRoleCommand)
    .callsFake(async (input: { RoleName: string }) => {
      if (options.missingRoles?.includes(input.RoleName)) throw failure("NoSuchEntityException", 404);
      return { Role: { RoleName: input.RoleName } };
    });
  const targets = new Set(config.push.map((d) => d.bucket));
  const s3 = mockClient(clients.s3);
  s3.on(GetBucketTaggingCommand).callsFake(async (input: { Bucket: string }) => ({
    TagSet: Object.entries(options.own?.[input.Bucket] ?? {}).map(([Key, Value]) => ({ Key, Value })),
  }));
  s3.on(HeadBucketCommand).callsFake(async (input: { Bucket: string; ExpectedBucketOwner?: string }) => {
    if (input.ExpectedBucketOwner === config.settings.accountId && !options.own?.[input.Bucket]) {
      // As S3 answers: 403 for a bucket another account owns, 404 for none.
      const exists = targets.has(input.Bucket) && options.buckets?.[input.Bucket] !== 404;
      throw exists ? failure("Forbidden", 403) : failure("NotFound", 404);
    }
    const status = options.buckets?.[input.Bucket] ?? 200;
    const region = options.regions?.[input.Bucket] ?? "eu-west-1";
    if (status !== 200)
      throw Object.assign(failure(status === 404 ? "NotFound" : "Forbidden", status), {
        $response: { headers: { "x-amz-bucket-region": region } },
      });
    return { BucketRegion: region };
  });
  const cfn = mockClient(clients.cfn);
  cfn.on(ListStackResourcesCommand).callsFake(async (input: { StackName: string }) => {
    // The core stack is no dataset's: the tests' templates say only which dataset stacks are deployed.
    const datasets = expected.some((e) => e.stackName === input.StackName);
    const deployed = !datasets || !options.templates || options.templates(input.StackName) !== undefined;
    if (!deployed) throw failure("ValidationError", 400, `Stack with id ${input.StackName} does not exist`);
    const buckets = plannedBuckets(all).filter((b) => b.stackName === input.StackName);
    return {
      StackResourceSummaries: buckets.map((b) => ({
        LogicalResourceId: b.logicalId,
        PhysicalResourceId: b.bucket,
        ResourceType: "AWS::S3::Bucket",
        ResourceStatus: "CREATE_COMPLETE",
        LastUpdatedTimestamp: new Date(),
      })),
    };
  });
  cfn.on(GetTemplateCommand).callsFake(async (input: { StackName: string }) => {
    const template = options.templates
      ? options.templates(input.StackName)
      : expected.find((s) => s.stackName === input.StackName)?.template;
    if (template === undefined)
      throw failure("ValidationError", 400, `Stack with id ${input.StackName} does not exist`);
    return { TemplateBody: JSON.stringify(template) };
  });
  return clients;
}

async function doctor(aws: ReturnType<typeof fakeAws>) {
  let stdout = "";
  let stderr = "";
  const code = await doctorCommand(REPO, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) }, () => aws);
  return { code, stdout, stderr };
}

describe("exports doctor --aws", () => {
  it("is content when every role exists, every target answers (even with 403) and the stacks match", async () => {
    const { code, stdout, stderr } = await doctor(fakeAws({ buckets: { "listings-partner-inbound": 403 } }));
    expect(stdout, stderr).toContain("✔ account 123456789012");
    expect(code).toBe(0);
  });

  it("reports a user whose role is gone, at their line in every file that lists them", async () => {
    const { code, stdout } = await doctor(fakeAws({ missingRoles: ["alpha_user_tomasz_w"] }));
    expect(code).toBe(1);
    const lines = stdout.split("\n").filter((l) => l.includes("[missing-role]"));
    expect(lines).toEqual([
      expect.stringMatching(/^pull_datasets\/youth-justice-referrals.yaml:\d+:5: alpha_user_tomasz_w has no IAM role/),
      expect.stringMatching(/^push_datasets\/prison_population_hub.yaml:6:5: alpha_user_tomasz_w has no IAM role/),
    ]);
  });

  it("reports a target bucket that does not exist, at the dataset's name", async () => {
    const { stdout } = await doctor(fakeAws({ buckets: { "listings-partner-inbound": 404 } }));
    expect(stdout).toContain(
      "push_datasets/court_listings_weekly.yaml:2:7: the target bucket listings-partner-inbound of push dataset court_listings_weekly does not exist",
    );
  });

  it.each([200, 403])("reports a target bucket in another region by its region (HTTP %i)", async (status) => {
    const { stdout } = await doctor(
      fakeAws({
        buckets: { "listings-partner-inbound": status },
        regions: { "listings-partner-inbound": "eu-west-2" },
      }),
    );
    expect(stdout).toContain(
      "push_datasets/court_listings_weekly.yaml:2:7: the target bucket listings-partner-inbound of push dataset court_listings_weekly is in eu-west-2, not eu-west-1: the mover follows S3 there and copies still work",
    );
  });

  it("reports drift and stacks never deployed, at the datasets they hold", async () => {
    const drifted = (stack: string) => {
      const template = structuredClone(expected.find((s) => s.stackName === stack)?.template) as {
        Resources: Record<string, { Properties?: { Description?: string } }>;
      };
      for (const r of Object.values(template.Resources))
        if (r.Properties?.Description?.includes("prison_population_hub")) r.Properties.Description = "changed by hand";
      return stack.startsWith("DataExports-Pull") && stack.endsWith("-03") ? undefined : template;
    };
    const { code, stdout } = await doctor(fakeAws({ templates: drifted }));
    expect(code).toBe(1);
    expect(stdout).toMatch(
      /push_datasets\/prison_population_hub.yaml:2:7: prison_population_hub's resource \w+ in DataExports-Push-\d\d differs from what the files say/,
    );
    expect(stdout).toMatch(
      /pull_datasets\/youth-justice-referrals.yaml:\d+:7: stack DataExports-Pull-03, which holds youth-justice-referrals's resources, is not deployed/,
    );
  });

  it("refuses a target bucket of the platform's own account when no bucket_owner names the receiving one", async () => {
    const { code, stdout } = await doctor(fakeAws({ own: { "listings-partner-inbound": {} } }));
    expect(code).toBe(1);
    expect(stdout).toContain(
      "push_datasets/court_listings_weekly.yaml:2:7: the target bucket listings-partner-inbound of push dataset court_listings_weekly is a bucket of the platform's own account 123456789012",
    );
    expect(stdout).toContain("[target-in-platform-account]");
  });

  it("stops at a bucket the deployment would import that another dataset left behind", async () => {
    const pull03 = (stack: string) =>
      stack === "DataExports-Pull-03" ? undefined : all.find((s) => s.stackName === stack)?.template;
    const { code, stdout } = await doctor(
      fakeAws({
        templates: pull03,
        own: { "mojap-youth-justice-referrals": { [DATASET_TAG]: "youth_justice_referrals" } },
      }),
    );
    expect(code).toBe(1);
    expect(stdout).toMatch(
      /pull_datasets\/youth-justice-referrals.yaml:\d+:7: the deployment would create bucket mojap-youth-justice-referrals for pull dataset youth-justice-referrals, but it already exists, made for pull dataset youth_justice_referrals .*\[bucket-of-another-dataset\]/,
    );
  });

  it("says so when AWS cannot be asked", async () => {
    const aws = fakeAws({});
    mockClient(aws.iam)
      .on(GetRoleCommand)
      .rejects(failure("ExpiredToken", 403, "The security token included in the request is expired"));
    const { code, stderr } = await doctor(aws);
    expect(code).toBe(2);
    expect(stderr).toContain("AWS could not be asked (ExpiredToken");
  });
});
