import { CloudFormationClient, ListStackResourcesCommand } from "@aws-sdk/client-cloudformation";
import { GetBucketTaggingCommand, HeadBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { mockClient } from "aws-sdk-client-mock";
import { describe, expect, it } from "vitest";
import type { Config } from "../../src/config/config";
import { checkAdoption } from "../../src/doctor/checkAdoption";
import type { PlannedBucket } from "../../src/doctor/plannedBuckets";
import { DATASET_TAG } from "../../src/infra/datasetTag";
import { configOf } from "../synth";

const ACCOUNT = "123456789012";
const config = configOf([
  {
    kind: "pull",
    path: "pull_datasets/legal_aid_costs.yaml",
    text: "name: legal_aid_costs\npull_arns: [arn:aws:iam::777788889999:role/reader]\nusers: [alpha_user_ana]\n",
  },
]);
const PLANNED: PlannedBucket = {
  stackName: "DataExports-Pull-3",
  logicalId: "legalaidcostsABC123",
  bucket: "mojap-legal-aid-costs",
  tag: "legal_aid_costs",
};

const failure = (name: string, status: number, message = name) =>
  Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status } });

/** What S3 holds under the bucket's name, and what the stack already holds. */
interface World {
  /** The owner of a bucket of that name, if one exists. */
  owner?: string;
  /** Its tags; undefined for none at all (NoSuchTagSet). */
  tags?: Record<string, string>;
  /** The stack's buckets, logical id → name; undefined when the stack is not deployed. */
  stack?: Record<string, string>;
}

function fakeAws(world: World) {
  const s3 = new S3Client({ region: "eu-west-1" });
  const cfn = new CloudFormationClient({ region: "eu-west-1" });
  const s3Mock = mockClient(s3);
  // As S3 answers: 404 without a bucket; 403 when ExpectedBucketOwner is not the owner.
  const answer = (input: { ExpectedBucketOwner?: string }) => {
    if (!world.owner) throw failure("NotFound", 404);
    if (input.ExpectedBucketOwner !== world.owner) throw failure("Forbidden", 403);
  };
  s3Mock.on(HeadBucketCommand).callsFake(async (input: { ExpectedBucketOwner?: string }) => {
    answer(input);
    return {};
  });
  s3Mock.on(GetBucketTaggingCommand).callsFake(async (input: { ExpectedBucketOwner?: string }) => {
    answer(input);
    if (!world.tags) throw failure("NoSuchTagSet", 404, "The TagSet does not exist");
    return { TagSet: Object.entries(world.tags).map(([Key, Value]) => ({ Key, Value })) };
  });
  mockClient(cfn)
    .on(ListStackResourcesCommand)
    .callsFake(async (input: { StackName: string }) => {
      if (!world.stack) throw failure("ValidationError", 400, `Stack with id ${input.StackName} does not exist`);
      return {
        StackResourceSummaries: Object.entries(world.stack).map(([LogicalResourceId, PhysicalResourceId]) => ({
          LogicalResourceId,
          PhysicalResourceId,
          ResourceType: "AWS::S3::Bucket",
          ResourceStatus: "CREATE_COMPLETE",
          LastUpdatedTimestamp: new Date(),
        })),
      };
    });
  return { s3, cfn, s3Mock };
}

const check = (aws: ReturnType<typeof fakeAws>) => checkAdoption(aws.s3, aws.cfn, [PLANNED], config);

describe("the pre-deploy check of the buckets a deployment creates", () => {
  it.each<{ name: string; world: World }>([
    { name: "a missing bucket passes: the deployment creates it", world: {} },
    {
      name: "a retained bucket of the same dataset passes: it comes back to its own dataset",
      world: { owner: ACCOUNT, tags: { [DATASET_TAG]: "legal_aid_costs", project: "data-exports" } },
    },
    {
      name: "a bucket already in its stack under the same logical id passes untagged: nothing is imported",
      world: { owner: ACCOUNT, stack: { legalaidcostsABC123: "mojap-legal-aid-costs" } },
    },
  ])("$name", async ({ world }) => {
    expect(await check(fakeAws(world))).toEqual([]);
  });

  it.each<{ name: string; world: World; rule: string; words: RegExp }>([
    {
      name: "a foreign bucket of the same name stops the deployment",
      world: { owner: "999988887777" },
      rule: "bucket-not-ours",
      words: /mojap-legal-aid-costs .* is not account 123456789012's .*: choose another name for legal_aid_costs/,
    },
    {
      name: "a retained bucket of another dataset stops it",
      world: { owner: ACCOUNT, tags: { [DATASET_TAG]: "legal-aid-costs" } },
      rule: "bucket-of-another-dataset",
      words:
        /made for pull dataset legal-aid-costs .* kept with its data; importing it would hand that data to legal_aid_costs/,
    },
    {
      name: "an untagged bucket of the account stops it, with the command that tags it",
      world: { owner: ACCOUNT },
      rule: "bucket-untagged",
      words:
        /without the tag data-exports:dataset.*aws s3api put-bucket-tagging --bucket mojap-legal-aid-costs --tagging '\{"TagSet":\[\{"Key":"data-exports:dataset","Value":"legal_aid_costs"\}\]\}'/,
    },
    {
      name: "the same name held in the stack under another dataset's logical id stops it",
      world: {
        owner: ACCOUNT,
        tags: { [DATASET_TAG]: "legal-aid-costs" },
        stack: { legalaidcosts: "mojap-legal-aid-costs" },
      },
      rule: "bucket-of-another-dataset",
      words: /made for pull dataset legal-aid-costs/,
    },
  ])("$name", async ({ world, rule, words }) => {
    const findings = await check(fakeAws(world));
    expect(findings).toEqual([
      expect.objectContaining({ file: "pull_datasets/legal_aid_costs.yaml", line: 1, column: 7, check: rule }),
    ]);
    expect(findings[0]?.message).toMatch(words);
  });

  it("keeps the bucket's other tags in the command that tags it, since PutBucketTagging replaces the set", async () => {
    const [finding] = await check(fakeAws({ owner: ACCOUNT, tags: { team: "it's ours" } }));
    expect(finding?.check).toBe("bucket-untagged");
    expect(finding?.message).toContain(
      `--tagging '{"TagSet":[{"Key":"team","Value":"it'\\''s ours"},{"Key":"data-exports:dataset","Value":"legal_aid_costs"}]}'`,
    );
  });

  it("asks S3 as the platform's account, and reads no tags of a bucket that is not the account's", async () => {
    const aws = fakeAws({ owner: "999988887777" });
    await check(aws);
    expect(aws.s3Mock.commandCalls(HeadBucketCommand).map((c) => c.args[0].input)).toEqual([
      { Bucket: "mojap-legal-aid-costs", ExpectedBucketOwner: ACCOUNT },
    ]);
    expect(aws.s3Mock.commandCalls(GetBucketTaggingCommand)).toEqual([]);
  });

  it("asks S3 nothing about a bucket its stack already holds", async () => {
    const aws = fakeAws({ owner: ACCOUNT, stack: { legalaidcostsABC123: "mojap-legal-aid-costs" } });
    await check(aws);
    expect(aws.s3Mock.commandCalls(HeadBucketCommand)).toEqual([]);
  });

  it("lets any other failure through, so the deployment stops rather than guesses", async () => {
    const aws = fakeAws({});
    aws.s3Mock.on(HeadBucketCommand).rejects(failure("SlowDown", 503));
    await expect(check(aws)).rejects.toThrow("SlowDown");
  });
});

describe("a take-over the reviewers approved: a new name whose takes_over names the removed dataset", () => {
  const takingOver = configOf([
    {
      kind: "pull",
      path: "pull_datasets/legal-aid-costs.yaml",
      text: "name: legal-aid-costs\ntakes_over: legal_aid_costs\npull_arns: [arn:aws:iam::777788889999:role/reader]\nusers: [alpha_user_ana]\n",
    },
  ]);
  const planned: PlannedBucket = { ...PLANNED, logicalId: "legalaidcostsDEF456", tag: "legal-aid-costs" };
  const checkTakeOver = (world: World, config = takingOver) => {
    const aws = fakeAws(world);
    return checkAdoption(aws.s3, aws.cfn, [planned], config);
  };

  it("imports the bucket the removed dataset left: its tag is the one takes_over names", async () => {
    expect(await checkTakeOver({ owner: ACCOUNT, tags: { [DATASET_TAG]: "legal_aid_costs" } })).toEqual([]);
  });

  it.each<{ name: string; world: World; config?: Config; rule: string; words: RegExp }>([
    {
      name: "a bucket of a third dataset stops it",
      world: { owner: ACCOUNT, tags: { [DATASET_TAG]: "legal_aid_costs_old" } },
      rule: "bucket-of-another-dataset",
      words: /made for pull dataset legal_aid_costs_old .*say so in its file with takes_over: legal_aid_costs_old/,
    },
    {
      name: "without takes_over in the file, the removed dataset's bucket stops it, saying what to write",
      world: { owner: ACCOUNT, tags: { [DATASET_TAG]: "legal_aid_costs" } },
      config: configOf([
        {
          kind: "pull",
          path: "pull_datasets/legal-aid-costs.yaml",
          text: "name: legal-aid-costs\npull_arns: [arn:aws:iam::777788889999:role/reader]\nusers: [alpha_user_ana]\n",
        },
      ]),
      rule: "bucket-of-another-dataset",
      words: /if legal-aid-costs is to have that data, say so in its file with takes_over: legal_aid_costs/,
    },
    {
      name: "a takes_over naming a dataset the files still have stops it: that bucket is its own",
      world: { owner: ACCOUNT, tags: { [DATASET_TAG]: "legal_aid_costs" } },
      config: {
        ...takingOver,
        pull: [...takingOver.pull, { ...config.pull[0], bucket: "mojap-legal-aid-costs-2" } as Config["pull"][number]],
      },
      rule: "bucket-of-another-dataset",
      words: /made for pull dataset legal_aid_costs/,
    },
    {
      name: "an untagged bucket stops it, as one removed before the tag existed, with the command that tags it",
      world: { owner: ACCOUNT },
      rule: "bucket-untagged",
      words:
        /or the one legal_aid_costs left, which its takes_over names, .*put-bucket-tagging --bucket mojap-legal-aid-costs --tagging '\{"TagSet":\[\{"Key":"data-exports:dataset","Value":"legal-aid-costs"\}\]\}'/,
    },
  ])("$name", async ({ world, config: given, rule, words }) => {
    const findings = await checkTakeOver(world, given);
    expect(findings).toEqual([
      expect.objectContaining({ file: "pull_datasets/legal-aid-costs.yaml", line: 1, column: 7, check: rule }),
    ]);
    expect(findings[0]?.message).toMatch(words);
  });
});
