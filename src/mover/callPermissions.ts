/**
 * What each AWS call of the mover and the sweep needs from IAM, as AWS documents it, including
 * the parameters that change it (a version id, tags, an ACL, SSE-KMS). test/mover/grants.test.ts
 * records every call on every path, maps it through this table and evaluates the result against
 * the deployed policies: every call allowed, every granted action needed by some call.
 *
 * Sources: each entry's API reference page, and the S3 user guide's "Required permissions for
 * Amazon S3 API operations" (https://docs.aws.amazon.com/AmazonS3/latest/userguide/using-with-s3-policy-actions.html).
 */

/** One IAM action a call needs, on one resource, with the condition keys the request carries. */
export interface Need {
  action: string;
  resource: string;
  context?: Record<string, string>;
}

type Input = Record<string, unknown>;

export interface CallPermission {
  /** The API reference page that documents the permissions. */
  reference: string;
  needs(input: Input): Need[];
}

const text = (v: unknown) => (typeof v === "string" ? v : "");
const objectArn = (bucket: unknown, key: unknown) => `arn:aws:s3:::${text(bucket)}/${text(key)}`;
const bucketArn = (bucket: unknown) => `arn:aws:s3:::${text(bucket)}`;

/** The object a CopySource names (`bucket/key?versionId=…`, the key URL-encoded), and its version. */
function parseCopySource(copySource: string): { arn: string; versioned: boolean } {
  const [path = "", query = ""] = copySource.split("?");
  const [bucket = "", ...key] = path.split("/");
  return {
    arn: objectArn(bucket, key.map(decodeURIComponent).join("/")),
    versioned: new URLSearchParams(query).has("versionId"),
  };
}

/** Reading an object, or a named version of it. */
const read = (arn: string, versioned: boolean): Need => ({
  action: versioned ? "s3:GetObjectVersion" : "s3:GetObject",
  resource: arn,
});
/** Reading an object's tags, or a named version's. */
const readTags = (arn: string, versioned: boolean): Need => ({
  action: versioned ? "s3:GetObjectVersionTagging" : "s3:GetObjectTagging",
  resource: arn,
});

/**
 * Having S3 use a KMS key: it calls KMS on the caller's behalf, so the key policy and the
 * caller's policy both see the call as the caller's, via S3 in the key's region.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html
 */
const kms = (keyArn: string, actions: string[]): Need[] =>
  actions.map((action) => ({
    action,
    resource: keyArn,
    context: { "kms:ViaService": `s3.${keyArn.split(":")[3] ?? ""}.amazonaws.com` },
  }));

/** What writing a new object needs: the write, its ACL and tags when given, and the KMS key it is encrypted with. */
function write(input: Input, kmsActions: string[], tagged: boolean): Need[] {
  const arn = objectArn(input.Bucket, input.Key);
  // A conditional write carries its header as a condition key, which the ledger's bucket policy
  // requires (https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-writes-enforce.html).
  const conditional = input.IfNoneMatch ? { context: { "s3:if-none-match": text(input.IfNoneMatch) } } : {};
  return [
    { action: "s3:PutObject", resource: arn, ...conditional },
    ...(input.ACL ? [{ action: "s3:PutObjectAcl", resource: arn, context: { "s3:x-amz-acl": text(input.ACL) } }] : []),
    ...(tagged ? [{ action: "s3:PutObjectTagging", resource: arn }] : []),
    ...(input.SSEKMSKeyId ? kms(text(input.SSEKMSKeyId), kmsActions) : []),
  ];
}

export const CALL_PERMISSIONS: Record<string, CallPermission> = {
  ListObjectVersions: {
    reference: "https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectVersions.html",
    needs: (i) => [
      { action: "s3:ListBucketVersions", resource: bucketArn(i.Bucket), context: { "s3:prefix": text(i.Prefix) } },
    ],
  },
  ListObjectsV2: {
    reference: "https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html",
    needs: (i) => [{ action: "s3:ListBucket", resource: bucketArn(i.Bucket) }],
  },
  HeadObject: {
    // "You need the relevant read object (or version) permission for this operation."
    reference: "https://docs.aws.amazon.com/AmazonS3/latest/API/API_HeadObject.html",
    needs: (i) => [read(objectArn(i.Bucket, i.Key), Boolean(i.VersionId))],
  },
  GetObject: {
    // Reading an object S3 encrypted with a KMS key needs kms:Decrypt on it. The request does not
    // name the key: a recorder gives it as SSEKMSKeyId for a bucket whose default is one (the
    // delivery ledger's records key).
    reference: "https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html",
    needs: (i) => [
      read(objectArn(i.Bucket, i.Key), Boolean(i.VersionId)),
      ...(i.SSEKMSKeyId ? kms(text(i.SSEKMSKeyId), ["kms:Decrypt"]) : []),
    ],
  },
  GetObjectTagging: {
    // "To retrieve tags of any other version, use the versionId query parameter. You also need
    // permission for the s3:GetObjectVersionTagging action."
    reference: "https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObjectTagging.html",
    needs: (i) => [readTags(objectArn(i.Bucket, i.Key), Boolean(i.VersionId))],
  },
  PutObjectTagging: {
    // The keep_files delivery mark (decision 0013). "To put tags of any other version, use the
    // versionId query parameter. You also need permission for the s3:PutObjectVersionTagging action."
    reference: "https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObjectTagging.html",
    needs: (i) => {
      const arn = objectArn(i.Bucket, i.Key);
      return [
        { action: "s3:PutObjectTagging", resource: arn },
        ...(i.VersionId ? [{ action: "s3:PutObjectVersionTagging", resource: arn }] : []),
      ];
    },
  },
  CopyObject: {
    // Read on the source (its version when named), write on the target; copying tags (the
    // default TaggingDirective, COPY) reads the source's and writes the copy's.
    reference: "https://docs.aws.amazon.com/AmazonS3/latest/API/API_CopyObject.html",
    needs: (i) => {
      const source = parseCopySource(text(i.CopySource));
      const tags = i.TaggingDirective !== "REPLACE";
      return [
        read(source.arn, source.versioned),
        ...(tags ? [readTags(source.arn, source.versioned)] : []),
        ...write(i, ["kms:GenerateDataKey"], tags || Boolean(i.Tagging)),
      ];
    },
  },
  Sign: {
    // A sealed batch's manifest signed with the platform's key (decision 0018), by the mover function's role.
    reference: "https://docs.aws.amazon.com/kms/latest/APIReference/API_Sign.html",
    needs: (i) => [{ action: "kms:Sign", resource: text(i.KeyId) }],
  },
  PutObject: {
    // A sealed batch's signature, public key and manifest (decision 0018), written into the target
    // with the ACL and encryption every copy carries.
    reference: "https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html",
    needs: (i) => write(i, ["kms:GenerateDataKey"], Boolean(i.Tagging)),
  },
  CreateMultipartUpload: {
    // A multipart upload encrypted with a KMS key needs kms:GenerateDataKey and kms:Decrypt: S3
    // decrypts the parts to assemble the object.
    // https://docs.aws.amazon.com/AmazonS3/latest/userguide/mpuoverview.html#mpuAndPermissions
    reference: "https://docs.aws.amazon.com/AmazonS3/latest/API/API_CreateMultipartUpload.html",
    needs: (i) => write(i, ["kms:GenerateDataKey", "kms:Decrypt"], Boolean(i.Tagging)),
  },
  UploadPartCopy: {
    reference: "https://docs.aws.amazon.com/AmazonS3/latest/API/API_UploadPartCopy.html",
    needs: (i) => {
      const source = parseCopySource(text(i.CopySource));
      return [read(source.arn, source.versioned), { action: "s3:PutObject", resource: objectArn(i.Bucket, i.Key) }];
    },
  },
  CompleteMultipartUpload: {
    reference: "https://docs.aws.amazon.com/AmazonS3/latest/API/API_CompleteMultipartUpload.html",
    needs: (i) => [{ action: "s3:PutObject", resource: objectArn(i.Bucket, i.Key) }],
  },
  AbortMultipartUpload: {
    reference: "https://docs.aws.amazon.com/AmazonS3/latest/API/API_AbortMultipartUpload.html",
    needs: (i) => [{ action: "s3:AbortMultipartUpload", resource: objectArn(i.Bucket, i.Key) }],
  },
  DeleteObject: {
    // Deleting a named version needs s3:DeleteObjectVersion.
    reference: "https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteObject.html",
    needs: (i) => [
      {
        action: i.VersionId ? "s3:DeleteObjectVersion" : "s3:DeleteObject",
        resource: objectArn(i.Bucket, i.Key),
      },
    ],
  },
  DeleteObjects: {
    // Each object is authorized as its own delete (of its version, when named).
    reference: "https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteObjects.html",
    needs: (i) =>
      ((i.Delete as { Objects?: { Key: string; VersionId?: string }[] } | undefined)?.Objects ?? []).map((o) => ({
        action: o.VersionId ? "s3:DeleteObjectVersion" : "s3:DeleteObject",
        resource: objectArn(i.Bucket, o.Key),
      })),
  },
  AssumeRole: {
    reference: "https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html",
    needs: (i) => [{ action: "sts:AssumeRole", resource: text(i.RoleArn) }],
  },
  SendMessageBatch: {
    // "The permission for SendMessageBatch is the same as for SendMessage."
    reference: "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SendMessageBatch.html",
    needs: (i) => [{ action: "sqs:SendMessage", resource: text(i.QueueArn) }],
  },
  /** Lambda's event source mapping, polling the queue with the function's execution role. */
  PollQueue: {
    reference: "https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html",
    needs: (i) =>
      ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"].map((action) => ({
        action,
        resource: text(i.QueueArn),
      })),
  },
  /**
   * The mover function publishing a delivery notice with its own role. The topic is encrypted
   * with SNS's AWS managed key, whose key policy already lets principals of the account use it
   * through SNS, so no KMS action is needed (Amazon SNS developer guide, "Key management").
   */
  Publish: {
    reference: "https://docs.aws.amazon.com/sns/latest/api/API_Publish.html",
    needs: (i) => [{ action: "sns:Publish", resource: text(i.TopicArn) }],
  },
  /** Lambda writing the function's logs (and with them Powertools' metrics) with its execution role. */
  WriteLogs: {
    reference: "https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs.html",
    needs: (i) => [
      { action: "logs:CreateLogStream", resource: `${text(i.LogGroupArn)}:log-stream:${text(i.LogStream)}` },
      { action: "logs:PutLogEvents", resource: `${text(i.LogGroupArn)}:log-stream:${text(i.LogStream)}` },
    ],
  },
};
