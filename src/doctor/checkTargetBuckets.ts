import { HeadBucketCommand, type S3Client } from "@aws-sdk/client-s3";
import type { Config } from "../config/config";
import type { Finding } from "./finding";

type S3Failure = {
  name?: string;
  BucketRegion?: string;
  $metadata?: { httpStatusCode?: number };
  $response?: { headers?: Record<string, string | undefined> };
};

/**
 * Whether the platform's own account owns the bucket: HeadBucket with ExpectedBucketOwner succeeds
 * only then ("If the account ID that you provide does not match the actual owner of the bucket,
 * the request fails with the HTTP status code 403 Forbidden").
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_HeadBucket.html
 */
async function inAccount(s3: S3Client, bucket: string, account: string): Promise<boolean> {
  return s3.send(new HeadBucketCommand({ Bucket: bucket, ExpectedBucketOwner: account })).then(
    () => true,
    (error: S3Failure) => {
      const status = error.$metadata?.httpStatusCode;
      if (status === 403 || status === 404) return false;
      throw error;
    },
  );
}

/**
 * Every push dataset's target bucket must exist, and, when no bucket_owner names the receiving
 * account (the mover then sends it as the expected owner), must not be the platform's own. It belongs to another
 * account, so a 403 still means it answers (it exists; only the mover's role is let in); a 404 means it does not exist.
 * S3 names a bucket's region in every answer about it, a refusal included (x-amz-bucket-region):
 * a bucket in another region is reported with its region. The mover follows S3's redirect there
 * (followRegionRedirects), so copies work; they cost cross-region transfer.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_HeadBucket.html
 */
export async function checkTargetBuckets(s3: S3Client, config: Config): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const d of config.push) {
    const answer = await s3.send(new HeadBucketCommand({ Bucket: d.bucket })).then(
      (out) => ({ status: 200, region: out.BucketRegion }),
      (error: S3Failure) => ({
        status: error.$metadata?.httpStatusCode ?? 0,
        region: error.BucketRegion ?? error.$response?.headers?.["x-amz-bucket-region"],
      }),
    );
    const at = { file: d.file, ...d.source.name };
    if (answer.status !== 404 && !d.bucketOwner && (await inAccount(s3, d.bucket, config.settings.accountId)))
      findings.push({
        ...at,
        check: "target-in-platform-account",
        message: `the target bucket ${d.bucket} of push dataset ${d.name} is a bucket of the platform's own account ${config.settings.accountId}, where the mover could write on its own rights without any statement from a receiving team: give the receiving team's bucket, and its account as bucket_owner`,
      });
    if (answer.status === 404)
      findings.push({
        ...at,
        check: "missing-bucket",
        message: `the target bucket ${d.bucket} of push dataset ${d.name} does not exist: ask the receiving team for its exact name`,
      });
    else if (answer.region && answer.region !== config.settings.region)
      findings.push({
        ...at,
        check: "bucket-elsewhere",
        message: `the target bucket ${d.bucket} of push dataset ${d.name} is in ${answer.region}, not ${config.settings.region}: the mover follows S3 there and copies still work, but each copy crosses regions (slower, and charged as transfer)${d.kmsKey && !d.kmsKey.includes(`:kms:${answer.region}:`) ? `; and kms_key must be a key of ${answer.region}, where the bucket is` : ""}`,
      });
  }
  return findings;
}
