import type { Settings } from "../../config/settings";
import { objectsArn } from "../arns";
import { policy, type PolicyDocument } from "../policyDocument";
import { tlsOnly } from "./tlsOnly";

/**
 * The export bucket's policy: TLS only, and no upload the mover could not read. Who may write
 * where is granted to each platform user's role, and what the mover may read and delete to each
 * dataset's role, both in the same account. An upload encrypted with a key the caller supplies
 * (SSE-C), or with a KMS key of another account, would be accepted by S3 and then never moved:
 * it is refused at upload instead (AccessDenied, an explicit deny of the bucket policy).
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/ServerSideEncryptionCustomerKeys.html
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/specifying-kms-encryption.html
 */
export function exportBucketPolicy(settings: Pick<Settings, "exportBucket" | "accountId" | "region">): PolicyDocument {
  const uploads = {
    Effect: "Deny" as const,
    Principal: "*" as const,
    Action: "s3:PutObject",
    Resource: objectsArn(settings.exportBucket),
  };
  return policy(
    ...tlsOnly(settings.exportBucket),
    {
      Sid: "RefuseCustomerKeyUploads",
      ...uploads,
      Condition: { Null: { "s3:x-amz-server-side-encryption-customer-algorithm": "false" } },
    },
    {
      Sid: "RefuseOtherAccountsKmsKeys",
      ...uploads,
      // Only where a key is named: a negated operator alone would also match uploads that name none.
      Condition: {
        Null: { "s3:x-amz-server-side-encryption-aws-kms-key-id": "false" },
        StringNotLike: {
          "s3:x-amz-server-side-encryption-aws-kms-key-id": `arn:aws:kms:${settings.region}:${settings.accountId}:key/*`,
        },
      },
    },
  );
}
