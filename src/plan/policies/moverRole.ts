import type { PushDataset } from "../../config/dataset";
import type { Settings } from "../../config/settings";
import {
  EXPORT_LIST,
  EXPORT_MARK_DELIVERED,
  EXPORT_MARK_HELD,
  EXPORT_MOVE,
  TARGET_KMS,
  TARGET_WRITE,
} from "../actions";
import { bucketArn, objectsArn, roleArn } from "../arns";
import { MOVER_FUNCTION_ROLE, SERVICE_ROLE_PATH } from "../names";
import { policy, type PolicyDocument, type Statement } from "../policyDocument";
import { accessEndsAt, untilExpiry } from "./untilExpiry";
import { viaS3 } from "./kmsKeyStatement";

/** The mover function's execution role, the only principal that may assume dataset roles. */
export const moverFunctionRoleArn = (settings: Settings) =>
  roleArn(settings.accountId, SERVICE_ROLE_PATH, MOVER_FUNCTION_ROLE);

/** Who may assume a push dataset's role: the mover function, and nobody else. */
export function moverRoleTrust(settings: Settings): PolicyDocument {
  // A trust policy names no Resource: the role it is attached to is the resource, and AWS refuses one.
  return policy({
    Sid: "MoverFunctionAssumes",
    Effect: "Allow",
    Principal: { AWS: moverFunctionRoleArn(settings) },
    Action: "sts:AssumeRole",
  });
}

/**
 * The tags the mover writes on the dataset's export-bucket versions, if any: the delivery mark
 * (keep_files: decision 0013) and the hold mark (a contract: decision 0016) need the same actions,
 * so one statement grants them, named for keep_files whenever it applies so that the templates of
 * datasets without a contract are unchanged.
 */
function markStatement(dataset: PushDataset, resource: string): Statement[] {
  if (dataset.keepFiles)
    return [{ Sid: "MarkKeptDeliveries", Effect: "Allow", Action: EXPORT_MARK_DELIVERED, Resource: resource }];
  if (dataset.files !== undefined)
    return [{ Sid: "MarkHeldFiles", Effect: "Allow", Action: EXPORT_MARK_HELD, Resource: resource }];
  return [];
}

/**
 * Only buckets of another account than the platform's: within its own account a role's policy
 * alone lets it write (no bucket policy need agree), so a `bucket` that names any bucket of the
 * platform's account, one no rule knows by name, would otherwise receive files on the mover's own
 * rights (DESIGN.md §6a: nothing is sent to a bucket of the platform's own account). S3 puts the
 * bucket owner's account into every request as s3:ResourceAccount
 * (https://aws.amazon.com/about-aws/whats-new/2020/12/new-iam-condition-keys-amazon-s3-limit-requests-buckets-owned-specific-aws-accounts-specific-tls-versions/).
 * StringNotEqualsIfExists, not StringNotEquals: on AWS the two are the same, since a negated
 * operator holds when the key is absent (IAM User Guide, "Condition operators"), but the local
 * engine (Ceph RGW) sets no such key and fails any condition on an absent key but an IfExists one.
 */
const notInPlatformAccount = (settings: Settings) => ({
  StringNotEqualsIfExists: { "s3:ResourceAccount": settings.accountId },
});

/**
 * What a push dataset's role may do: read and delete objects under its own prefix of the export
 * bucket, and write them, with the same keys, into its own target bucket, never one of the
 * platform's own account. Nothing else, so an object routed to the wrong dataset cannot reach
 * another dataset's target. With kms_key, also
 * having S3 use the receiving team's key for those writes. With keep_files or a `files:`
 * contract, also tagging its own exports' versions (markStatement). With `expires`, every grant
 * ends with the dataset's access. `files` is the dataset's contract, as the config layer carries it.
 */
export function moverRolePolicy(dataset: PushDataset, settings: Settings): PolicyDocument {
  const kms: Statement[] = dataset.kmsKey
    ? [
        {
          Sid: "EncryptWithReceivingKey",
          Effect: "Allow",
          Action: TARGET_KMS,
          Resource: dataset.kmsKey,
          Condition: viaS3(dataset.kmsKey),
        },
      ]
    : [];
  const statements: Statement[] = [
    {
      Sid: "ReadAndDeleteExports",
      Effect: "Allow",
      Action: EXPORT_MOVE,
      Resource: objectsArn(settings.exportBucket, `${dataset.name}/`),
    },
    {
      Sid: "ListOwnExportVersions",
      Effect: "Allow",
      Action: EXPORT_LIST,
      Resource: bucketArn(settings.exportBucket),
      Condition: { StringLike: { "s3:prefix": `${dataset.name}/*` } },
    },
    {
      Sid: "WriteToTarget",
      Effect: "Allow",
      Action: TARGET_WRITE,
      Resource: objectsArn(dataset.bucket, `${dataset.name}/`),
      Condition: notInPlatformAccount(settings),
    },
    // The delivery mark (keep_files) or the hold mark (a contract), which the sweep looks for.
    ...markStatement(dataset, objectsArn(settings.exportBucket, `${dataset.name}/`)),
    ...kms,
  ];
  const endsAt = accessEndsAt(dataset, settings);
  return policy(...statements.map((s) => untilExpiry(s, endsAt)));
}
