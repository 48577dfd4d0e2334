import { Duration, RemovalPolicy, Tags, Validations } from "aws-cdk-lib";
import type * as kms from "aws-cdk-lib/aws-kms";
import * as s3 from "aws-cdk-lib/aws-s3";
import type { Construct } from "constructs";
import type { PolicyDocument } from "../plan/policyDocument";
import { DATASET_TAG } from "./datasetTag";

export interface HardenedBucketProps {
  bucketName: string;
  /** What the bucket is for, as its DATASET_TAG says: the pull dataset's name, or a `platform:` value. */
  datasetTag: string;
  /** The bucket policy from the plan, applied as it is. */
  policy: PolicyDocument;
  versioned?: boolean;
  /** With versioning: drop versions this many days after they stop being current. */
  expireOldVersionsAfterDays?: number;
  /** The bucket policy's logical id, when CDK's (the construct id without separators) could collide. */
  policyLogicalId?: string;
  /** Where server access logs go (by name: its policy already admits the logging service); undefined only for the log bucket itself. */
  accessLogs?: { bucketName: string; prefix: string };
  /** Encrypt with this customer managed key (and an S3 Bucket Key, so S3 asks KMS for few data keys); S3-managed keys otherwise. */
  encryptionKey?: kms.IKey;
  /** Object Lock in compliance mode, every new object version kept this many years (versioning comes with it). */
  complianceYears?: number;
}

/**
 * A bucket as every bucket here must be: no public access, ACLs disabled (the bucket owner owns
 * every object), encrypted, incomplete multipart uploads cleaned up, kept when removed from the
 * app, tagged with what it is for (src/infra/datasetTag.ts), and the plan's policy (TLS 1.2+
 * only, plus its grants) attached verbatim. The policy is
 * deleted with the bucket's removal from the app: the data stays, every grant goes.
 */
export function hardenedBucket(scope: Construct, id: string, props: HardenedBucketProps): s3.Bucket {
  const bucket = new s3.Bucket(scope, id, {
    bucketName: props.bucketName,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    ...(props.encryptionKey
      ? { encryption: s3.BucketEncryption.KMS, encryptionKey: props.encryptionKey, bucketKeyEnabled: true }
      : { encryption: s3.BucketEncryption.S3_MANAGED }),
    versioned: props.versioned ?? false,
    ...(props.complianceYears ? { objectLockEnabled: true } : {}),
    lifecycleRules: [
      {
        abortIncompleteMultipartUploadAfter: Duration.days(7),
        ...(props.expireOldVersionsAfterDays
          ? { noncurrentVersionExpiration: Duration.days(props.expireOldVersionsAfterDays) }
          : {}),
      },
    ],
    removalPolicy: RemovalPolicy.RETAIN,
    ...(props.accessLogs
      ? {
          serverAccessLogsBucket: s3.Bucket.fromBucketName(scope, `${id}Logs`, props.accessLogs.bucketName),
          serverAccessLogsPrefix: props.accessLogs.prefix,
        }
      : {}),
  });
  Tags.of(bucket).add(DATASET_TAG, props.datasetTag);
  // In whole years, as S3 takes them (CDK's ObjectLockRetention writes days, a few short of the years).
  // https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock.html
  if (props.complianceYears)
    (bucket.node.defaultChild as s3.CfnBucket).objectLockConfiguration = {
      objectLockEnabled: "Enabled",
      rule: { defaultRetention: { mode: "COMPLIANCE", years: props.complianceYears } },
    };
  if (props.accessLogs) {
    Validations.of(bucket).acknowledge({
      id: "@aws-cdk/aws-s3:accessLogsPolicyNotAdded",
      reason: "The access-log bucket's own policy (CoreStack) already lets the S3 logging service write to it.",
    });
  }
  // The literal name (not a Ref) keeps the policy document and its target one plain, checkable value.
  const policy = new s3.CfnBucketPolicy(scope, `${id}Policy`, {
    bucket: props.bucketName,
    policyDocument: props.policy,
  });
  policy.addResourceDependency(bucket.node.defaultChild as s3.CfnBucket);
  // Written out (DeletionPolicy: Delete) rather than left to the default, so `cdk import` accepts it.
  policy.applyRemovalPolicy(RemovalPolicy.DESTROY);
  if (props.policyLogicalId) policy.overrideLogicalId(props.policyLogicalId);
  return bucket;
}
