import type { RuleMeta } from "../../config/ruleMeta";
import type { Issue } from "../../config/issue";
import { message } from "../../config/message";
import type { PullPlan } from "../plan";

/** The rule `pull-bucket-policy-size`: its id and its row of docs/rules.md. */
export const PULL_BUCKET_POLICY_SIZE_RULE: RuleMeta = {
  id: "pull-bucket-policy-size",
  severity: "error",
  description:
    "A pull bucket's policy, which names every pull ARN, fits S3's limit of 20 KB ([bucket policies](https://docs.aws.amazon.com/AmazonS3/latest/userguide/using-iam-policies.html)). Reported at the dataset's `name`.",
};

/**
 * S3's limit on a bucket policy: 20 KB.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/using-iam-policies.html
 */
export const BUCKET_POLICY_LIMIT = 20 * 1024;

/** Bytes S3 counts: the policy as CloudFormation sends it, JSON without whitespace, in UTF-8. */
const bucketPolicyBytes = (pull: PullPlan) => Buffer.byteLength(JSON.stringify(pull.policy), "utf8");

/** A pull dataset whose bucket policy (grown by its pull ARNs) would pass S3's limit, at its name. */
export function pullBucketPolicySize(pull: readonly PullPlan[]): Issue[] {
  return pull.flatMap(({ dataset, ...plan }) => {
    const bytes = bucketPolicyBytes({ dataset, ...plan });
    if (bytes <= BUCKET_POLICY_LIMIT) return [];
    const what = `The bucket policy of ${dataset.bucket}, which names each of its ${dataset.pullArns.length} pull ARNs, would be ${bytes} bytes, over S3's limit of ${BUCKET_POLICY_LIMIT}`;
    const fix =
      "List fewer pull_arns (roles with short paths, or one shared role per team), or split the consumers over two pull datasets.";
    return [
      {
        file: dataset.file,
        ...dataset.source.name,
        rule: PULL_BUCKET_POLICY_SIZE_RULE.id,
        severity: "error" as const,
        message: message(what, `${bytes} bytes`, fix),
      },
    ];
  });
}
