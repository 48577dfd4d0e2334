/**
 * Every IAM action the system grants, named by purpose. Grants are built only from these lists,
 * so a reviewer can read what each kind of access means in one place.
 */

/** Platform users writing exports under their push dataset's prefix: write only, no read or list. */
export const EXPORT_WRITE = ["s3:PutObject", "s3:AbortMultipartUpload"];

/**
 * The mover reading, then deleting, one exported object under its dataset's prefix: the current
 * object or a named version. Not its tags: no tag crosses to the receiving bucket (decision 0015).
 * Each action is needed by a call in src/mover/callPermissions.ts, which test/mover/grants.test.ts
 * proves.
 */
export const EXPORT_MOVE = ["s3:GetObject", "s3:GetObjectVersion", "s3:DeleteObject", "s3:DeleteObjectVersion"];

/**
 * keep_files deliveries, tracked by an object tag on the version kept (decision 0013): the mover
 * reads the version's tags and writes them back with the delivery mark; the sweep reads the mark
 * of each kept object's current version. A pinned version needs the Version actions as well
 * (S3 API reference: GetObjectTagging, PutObjectTagging).
 */
export const EXPORT_MARK_DELIVERED = [
  "s3:GetObjectTagging",
  "s3:GetObjectVersionTagging",
  "s3:PutObjectTagging",
  "s3:PutObjectVersionTagging",
];
/**
 * A dataset with a contract holding a file that breaks it (decision 0016): the same calls on the
 * held version as the delivery mark (read its tags, write them back with data-exports-held).
 * Reading the file's header or footer needs no more: ranged GetObject of the version is
 * EXPORT_MOVE's s3:GetObjectVersion (s3:GetObject on an unversioned bucket).
 */
export const EXPORT_MARK_HELD = EXPORT_MARK_DELIVERED;
/** The sweep reading delivery marks on kept objects' current versions, and hold marks. */
export const SWEEP_READ_MARKS = ["s3:GetObjectTagging"];

/** The mover listing the versions of keys under its dataset's prefix, to retire superseded ones. */
export const EXPORT_LIST = ["s3:ListBucketVersions"];

/**
 * The mover writing a copy into the target bucket and handing ownership to the bucket's owner.
 * No s3:PutObjectTagging: a copy carries no tags (decision 0015).
 */
export const TARGET_WRITE = ["s3:PutObject", "s3:PutObjectAcl", "s3:AbortMultipartUpload"];

/** The mover having S3 use the receiving team's KMS key: write with it, and assemble a multipart copy. */
export const TARGET_KMS = ["kms:GenerateDataKey", "kms:Decrypt"];

/** A function writing its own logs, and Powertools' metrics with them (embedded metric format). */
export const LOG_WRITE = ["logs:CreateLogStream", "logs:PutLogEvents"];

/** The mover function taking batches from its queue, as Lambda's event source mapping does with its role. */
export const QUEUE_CONSUME = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"];

/** The sweep putting objects back on the queue; S3 sending object events to it. */
export const QUEUE_SEND = ["sqs:SendMessage"];
export const S3_EVENT_DELIVERY = ["sqs:SendMessage"];

/** The sweep listing the export bucket. */
export const EXPORT_SWEEP = ["s3:ListBucket"];

/** Reading a pull bucket's objects. */
export const PULL_READ_OBJECTS = ["s3:GetObject", "s3:GetObjectVersion"];
/** Listing a pull bucket. */
export const PULL_LIST = ["s3:ListBucket", "s3:ListBucketVersions", "s3:GetBucketLocation"];
/** Writing a pull bucket's objects (pull principals only with allow_push). */
export const PULL_WRITE_OBJECTS = ["s3:PutObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"];
/** Deleting from a pull bucket: its platform users only. */
export const PULL_DELETE_OBJECTS = ["s3:DeleteObject", "s3:DeleteObjectVersion"];

/** Everything in S3: what the TLS-only deny statements cover. */
export const ALL_S3 = ["s3:*"];

/** The mover publishing a dataset's delivery notices to its topic (decision 0010). */
export const NOTICE_PUBLISH = ["sns:Publish"];

/** The mover function signing a sealed batch's manifest with the platform's key (decision 0018). */
export const MANIFEST_SIGN = ["kms:Sign"];
/**
 * The account's administration of the manifest signing key: everything but using it to sign or
 * verify (Sign, Verify); GetPublicKey (kms:Get*) lets operators publish the public half.
 */
export const SIGNING_KEY_ADMIN = [
  "kms:Create*",
  "kms:Describe*",
  "kms:Enable*",
  "kms:List*",
  "kms:Put*",
  "kms:Update*",
  "kms:Revoke*",
  "kms:Disable*",
  "kms:Get*",
  "kms:Delete*",
  "kms:TagResource",
  "kms:UntagResource",
  "kms:ScheduleKeyDeletion",
  "kms:CancelKeyDeletion",
];

/** Running `exports status`: a Logs Insights query over the mover's log group, then reading its results. */
export const STATUS_QUERY = ["logs:StartQuery"];
export const STATUS_RESULTS = ["logs:GetQueryResults"];

/**
 * The mover function appending to the delivery ledger (decision 0017): one new object a batch,
 * written `If-None-Match: *`. Nothing that changes or removes a record.
 */
export const LEDGER_APPEND = ["s3:PutObject"];
/** The mover function reading records back for a sealed batch (`deliveredUnder`): each object's first version. */
export const LEDGER_READ_OBJECTS = ["s3:GetObjectVersion"];
export const LEDGER_LIST = ["s3:ListBucketVersions"];
/** S3 using the records key for the mover: a data key to write a record, Decrypt to read one. */
export const RECORDS_KEY_USE = ["kms:GenerateDataKey", "kms:Decrypt"];
/**
 * What no one may do to a delivery record, whatever their own policy: delete it (a version, or
 * hide it under a delete marker), change or bypass its retention, or lift a legal hold. Object
 * Lock in compliance mode refuses the first and the retention changes anyway; the bucket policy
 * says so too, so the simulator can prove it.
 */
export const LEDGER_CHANGES = [
  "s3:DeleteObject",
  "s3:DeleteObjectVersion",
  "s3:PutObjectRetention",
  "s3:BypassGovernanceRetention",
  "s3:PutObjectLegalHold",
];
/**
 * The account's administration of the records key: SIGNING_KEY_ADMIN less disabling or deleting
 * it, which would leave every record and log line it encrypts unreadable (a ledger destroyed
 * without touching S3). Only a change of the key policy itself (kms:PutKeyPolicy, in CloudTrail)
 * could allow them.
 */
export const RECORDS_KEY_ADMIN = SIGNING_KEY_ADMIN.filter(
  (a) => !["kms:Disable*", "kms:Delete*", "kms:ScheduleKeyDeletion"].includes(a),
);
/**
 * CloudWatch Logs encrypting and reading a log group's events with a customer managed key, as
 * "Encrypt log data in CloudWatch Logs using AWS KMS" gives the key policy statement
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html).
 */
export const LOGS_KEY_USE = ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"];
