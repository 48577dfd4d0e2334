import { CloudFormationClient, ListStackResourcesCommand } from "@aws-sdk/client-cloudformation";
import {
  CreateBucketCommand,
  GetBucketTaggingCommand,
  HeadBucketCommand,
  PutBucketTaggingCommand,
  type S3Client,
} from "@aws-sdk/client-s3";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkAdoption } from "../../src/doctor/checkAdoption";
import { DATASET_TAG } from "../../src/infra/datasetTag";
import { startLocalEngine } from "../localEngine";
import { configOf } from "../synth";

// On the local engine (Ceph RGW), the S3 answers the pre-deploy check relies on: HeadBucket's 404
// for no bucket, GetBucketTagging's NoSuchTagSet for an untagged one, and the tags as put. The
// engine ignores ExpectedBucketOwner (it answers 200 whatever account is named), so a bucket of
// another account is tested against mocked AWS only (test/doctor/checkAdoption.test.ts): a
// documented gap of the stand-in, not the specification.

let engine: Awaited<ReturnType<typeof startLocalEngine>>;
let s3: S3Client;
const cfn = new CloudFormationClient({ region: "eu-west-1" });
mockClient(cfn)
  .on(ListStackResourcesCommand)
  .callsFake(async (input: { StackName: string }) => {
    throw Object.assign(new Error(`Stack with id ${input.StackName} does not exist`), { name: "ValidationError" });
  });

const config = configOf(
  ["legal_aid_costs", "court_costs", "old_costs", "new_costs"].map((name) => ({
    kind: "pull" as const,
    path: `pull_datasets/${name}.yaml`,
    text: `name: ${name}\npull_arns: [arn:aws:iam::777788889999:role/reader]\nusers: [alpha_user_ana]\n`,
  })),
);
const planned = (dataset: string) => ({
  stackName: "DataExports-Pull-00",
  logicalId: dataset.replaceAll("_", ""),
  bucket: `mojap-${dataset.replaceAll("_", "-")}`,
  tag: dataset,
});
const tag = (bucket: string, value: string) =>
  s3.send(new PutBucketTaggingCommand({ Bucket: bucket, Tagging: { TagSet: [{ Key: DATASET_TAG, Value: value }] } }));

beforeAll(async () => {
  engine = await startLocalEngine();
  s3 = engine.admin;
  for (const bucket of ["mojap-court-costs", "mojap-old-costs", "mojap-new-costs"])
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  await tag("mojap-court-costs", "court_costs");
  await tag("mojap-new-costs", "old_costs");
}, 180_000);
afterAll(() => engine?.stop());

const failure = (p: Promise<unknown>) =>
  p.then(
    () => "none",
    (e: { name?: string; $metadata?: { httpStatusCode?: number } }) => `${e.name} ${e.$metadata?.httpStatusCode}`,
  );

describe("the pre-deploy check on the local engine", () => {
  it("meets S3's answers: 404 for no bucket, NoSuchTagSet for no tags, the tag as put", async () => {
    expect(await failure(s3.send(new HeadBucketCommand({ Bucket: "mojap-legal-aid-costs" })))).toBe("NotFound 404");
    expect(await failure(s3.send(new GetBucketTaggingCommand({ Bucket: "mojap-old-costs" })))).toBe("NoSuchTagSet 404");
    expect((await s3.send(new GetBucketTaggingCommand({ Bucket: "mojap-court-costs" }))).TagSet).toEqual([
      { Key: DATASET_TAG, Value: "court_costs" },
    ]);
  });

  it("passes a missing bucket and a retained bucket of the same dataset", async () => {
    expect(await checkAdoption(s3, cfn, [planned("legal_aid_costs"), planned("court_costs")], config)).toEqual([]);
  });

  it("stops at an untagged bucket and at a retained bucket of another dataset", async () => {
    const findings = await checkAdoption(s3, cfn, [planned("old_costs"), planned("new_costs")], config);
    expect(findings.map((f) => [f.file, f.check])).toEqual([
      ["pull_datasets/old_costs.yaml", "bucket-untagged"],
      ["pull_datasets/new_costs.yaml", "bucket-of-another-dataset"],
    ]);
  });
});
