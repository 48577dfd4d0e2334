import { HeadBucketCommand, type S3Client } from "@aws-sdk/client-s3";
import type { Config } from "../config/config";
import type { Finding } from "./finding";

type S3Failure = { name?: string; $metadata?: { httpStatusCode?: number } };

/**
 * Every push dataset's target bucket must exist. It belongs to another account, so a 403 still
 * means it answers (it exists; only the mover's role is let in); a 404 means it does not exist.
 */
export async function checkTargetBuckets(s3: S3Client, config: Config): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const d of config.push) {
    const status = await s3.send(new HeadBucketCommand({ Bucket: d.bucket })).then(
      () => 200,
      (error: S3Failure) => error.$metadata?.httpStatusCode ?? 0,
    );
    const at = { file: d.file, ...d.source.name };
    if (status === 404)
      findings.push({
        ...at,
        check: "missing-bucket",
        message: `the target bucket ${d.bucket} of push dataset ${d.name} does not exist: ask the receiving team for its exact name`,
      });
    if (status === 301)
      findings.push({
        ...at,
        check: "bucket-elsewhere",
        message: `the target bucket ${d.bucket} of push dataset ${d.name} is in another region than ${config.settings.region}: copies still work, but cost more and are slower`,
      });
  }
  return findings;
}
