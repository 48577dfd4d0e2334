import { paginateListStackResources, type CloudFormationClient } from "@aws-sdk/client-cloudformation";
import { GetBucketTaggingCommand, HeadBucketCommand, type S3Client, type Tag } from "@aws-sdk/client-s3";
import type { Config } from "../config/config";
import type { PullDataset } from "../config/dataset";
import { SETTINGS_FILE } from "../config/settings";
import { DATASET_TAG } from "../infra/datasetTag";
import { shellWord } from "../local/shellWord";
import type { Finding } from "./finding";
import type { PlannedBucket } from "./plannedBuckets";

type AwsFailure = { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
const status = (error: AwsFailure) => error.$metadata?.httpStatusCode ?? 0;

/** What S3 says of a bucket name, asked as the platform's account. */
type Answer = { kind: "missing" } | { kind: "foreign" } | { kind: "ours"; tags: Tag[] | undefined };

/**
 * HeadBucket with ExpectedBucketOwner = the platform's account: 200 when the bucket is the
 * account's, 404 when no bucket has the name, 403 when another account owns it ("If the account ID
 * that you provide does not match the actual owner of the bucket, the request fails with the HTTP
 * status code 403 Forbidden"); a 403 also answers a bucket of the account this caller may not list,
 * which stops the deployment just the same. Then GetBucketTagging: NoSuchTagSet means the bucket
 * has no tags at all. Needs s3:ListBucket and s3:GetBucketTagging on the bucket.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_HeadBucket.html
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketTagging.html
 */
async function ask(s3: S3Client, bucket: string, account: string): Promise<Answer> {
  const where = { Bucket: bucket, ExpectedBucketOwner: account };
  const head = await s3.send(new HeadBucketCommand(where)).then(
    () => 200,
    (error: AwsFailure) => {
      if (status(error) === 404 || status(error) === 403) return status(error);
      throw error;
    },
  );
  if (head === 404) return { kind: "missing" };
  if (head === 403) return { kind: "foreign" };
  const tags = await s3.send(new GetBucketTaggingCommand(where)).then(
    (out) => out.TagSet ?? [],
    (error: AwsFailure) => {
      if (error.name === "NoSuchTagSet") return undefined;
      throw error;
    },
  );
  return { kind: "ours", tags };
}

/** The resources of `type` a stack already holds, logical id → physical id; none for a stack not deployed. */
export async function deployedResources(
  cfn: CloudFormationClient,
  stackName: string,
  type: string,
): Promise<Map<string, string>> {
  const held = new Map<string, string>();
  try {
    for await (const page of paginateListStackResources({ client: cfn }, { StackName: stackName }))
      for (const r of page.StackResourceSummaries ?? [])
        if (r.ResourceType === type && r.LogicalResourceId && r.PhysicalResourceId)
          held.set(r.LogicalResourceId, r.PhysicalResourceId);
  } catch (error) {
    if (/does not exist/.test((error as AwsFailure).message ?? "")) return held;
    throw error;
  }
  return held;
}

/** The command that gives a bucket its dataset tag, keeping the tags it has (PutBucketTagging replaces the set). */
function tagCommand(bucket: string, tag: string, others: readonly Tag[]): string {
  const tagSet = [...others.filter((t) => t.Key !== DATASET_TAG), { Key: DATASET_TAG, Value: tag }];
  return `aws s3api put-bucket-tagging --bucket ${shellWord(bucket)} --tagging ${shellWord(JSON.stringify({ TagSet: tagSet }))}`;
}

/** What a bucket is for, in words, from its tag value. */
const purpose = (tag: string) =>
  tag.startsWith("platform:") ? `the platform's ${tag.slice(9)}` : `pull dataset ${tag}`;

/**
 * A bucket tagged for the removed dataset that the planned one's `takes_over` names: the take-over
 * a reviewer approved in the plan (validate --base refuses a takes_over that takes nothing over).
 * Never a dataset the files still have: its bucket is its own.
 */
function isTakenOver(found: string | undefined, dataset: PullDataset | undefined, datasets: Map<string, PullDataset>) {
  return found !== undefined && found === dataset?.takesOver && !datasets.has(found);
}

/**
 * Before `cdk deploy --import-existing-resources`: each named bucket the deployment would create
 * either does not exist, or is already in its stack under the same logical id (nothing is
 * imported), or is this account's and tagged for the same dataset (a retained bucket coming back
 * to its own dataset) or for the removed dataset its `takes_over` names. Anything else, a bucket
 * of another account, of another dataset, or of no dataset (someone else's in the account, or one
 * kept by a version before the tag), is a finding that stops the deployment before any change
 * (docs/decisions/0004-lifecycle-and-adoption.md).
 */
export async function checkAdoption(
  s3: S3Client,
  cfn: CloudFormationClient,
  buckets: readonly PlannedBucket[],
  config: Config,
): Promise<Finding[]> {
  const account = config.settings.accountId;
  const datasets = new Map(config.pull.map((d) => [d.name, d]));
  const stacks = new Map<string, Map<string, string>>();
  const findings: Finding[] = [];
  for (const planned of buckets) {
    const { bucket, tag } = planned;
    let held = stacks.get(planned.stackName);
    if (!held)
      stacks.set(planned.stackName, (held = await deployedResources(cfn, planned.stackName, "AWS::S3::Bucket")));
    if (held.get(planned.logicalId) === bucket) continue;
    const answer = await ask(s3, bucket, account);
    if (answer.kind === "missing") continue;
    const found = answer.kind === "ours" ? answer.tags?.find((t) => t.Key === DATASET_TAG)?.Value : undefined;
    const dataset = datasets.get(tag);
    if (found === tag || isTakenOver(found, dataset, datasets)) continue;
    const at = dataset ? { file: dataset.file, ...dataset.source.name } : { file: SETTINGS_FILE, line: 1, column: 1 };
    const rename = dataset
      ? `choose another name for ${tag} (the bucket's name comes from it)`
      : "choose another export_bucket in exports.settings.yaml";
    const intro = `the deployment would create bucket ${bucket} for ${purpose(tag)}, but it already exists`;
    if (answer.kind === "foreign")
      findings.push({
        ...at,
        check: "bucket-not-ours",
        message: `${intro} and is not account ${account}'s (S3 answers 403 to that expected owner): ${rename}`,
      });
    else if (found !== undefined)
      findings.push({
        ...at,
        check: "bucket-of-another-dataset",
        message: `${intro}, made for ${purpose(found)} (tag ${DATASET_TAG}=${found}) and kept with its data; importing it would hand that data to ${tag}: ${rename}${dataset ? `; or, if ${tag} is to have that data, say so in its file with takes_over: ${found}, which the plan shows the reviewers (decision 0004), and deploy that change` : ""}`,
      });
    else
      findings.push({
        ...at,
        check: "bucket-untagged",
        message: `${intro} in account ${account} without the tag ${DATASET_TAG}, so nothing shows it was made for ${tag} (it may be another team's bucket, or one kept by a version of data-exports before the tag): ${rename}; or, if it is ${tag}'s own bucket${dataset?.takesOver ? ` or the one ${dataset.takesOver} left, which its takes_over names,` : ""} and its data may go to ${tag}'s readers, tag it: ${tagCommand(bucket, tag, answer.tags ?? [])}`,
      });
  }
  return findings;
}
