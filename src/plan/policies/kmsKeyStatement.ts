import type { PushDataset } from "../../config/dataset";
import type { Settings } from "../../config/settings";
import { TARGET_KMS } from "../actions";
import { roleArn } from "../arns";
import { SERVICE_ROLE_PATH, moverRoleName } from "../names";
import type { Statement } from "../policyDocument";
import { statementSid } from "../uniqueIds";

/** The region in a KMS key ARN: S3 uses a key of the bucket's region, through that region's endpoint. */
const keyRegion = (keyArn: string) => keyArn.split(":")[3] ?? "";

/**
 * The condition that keeps a grant on the receiving team's key to S3's use of it on the mover's
 * behalf. https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-via-service
 */
export const viaS3 = (keyArn: string) => ({
  StringEquals: { "kms:ViaService": `s3.${keyRegion(keyArn)}.amazonaws.com` },
});

/**
 * The statement a receiving team adds to their KMS key's policy when their bucket demands SSE-KMS
 * with that key: the dataset's mover role may have S3 use the key to write (GenerateDataKey), and
 * to assemble a multipart copy (Decrypt), and nothing else. Cross-account use of a key needs the
 * key policy and the caller's own policy both to allow it.
 * https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-modifying-external-accounts.html
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/mpuoverview.html#mpuAndPermissions
 */
export function kmsKeyStatement(dataset: PushDataset & { kmsKey: string }, settings: Settings): Statement {
  return {
    // Two datasets may share one key: their Sids differ as in the bucket policy (statementSid).
    Sid: statementSid(dataset.name),
    Effect: "Allow",
    Principal: { AWS: roleArn(settings.accountId, SERVICE_ROLE_PATH, moverRoleName(dataset.name)) },
    Action: TARGET_KMS,
    // In a key policy, "*" is the key the policy is attached to.
    Resource: "*",
    Condition: viaS3(dataset.kmsKey),
  };
}
