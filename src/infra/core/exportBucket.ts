import type * as s3 from "aws-cdk-lib/aws-s3";
import type { Construct } from "constructs";
import { accessLogsBucketName } from "../../config/platformBuckets";
import type { Plan } from "../../plan/plan";
import { tlsOnly } from "../../plan/policies/tlsOnly";
import { ACCESS_LOGS_TAG, EXPORT_BUCKET_TAG } from "../datasetTag";
import { hardenedBucket } from "../hardenedBucket";
import { ResourceGroup } from "./resourceGroup";

/**
 * The export bucket, versioned, with the bucket that receives the server access logs of it and of
 * every pull bucket.
 */
export class ExportBucket extends ResourceGroup {
  readonly bucket: s3.Bucket;

  constructor(scope: Construct, id: string, plan: Plan) {
    super(scope, id);
    const { settings } = plan;
    const logsBucketName = accessLogsBucketName(settings.exportBucket);
    const accessLogs = hardenedBucket(this, "AccessLogs", {
      bucketName: logsBucketName,
      datasetTag: ACCESS_LOGS_TAG,
      policy: {
        Version: "2012-10-17",
        Statement: [
          ...tlsOnly(logsBucketName),
          {
            Sid: "S3ServerAccessLogs",
            Effect: "Allow",
            Principal: { Service: "logging.s3.amazonaws.com" },
            Action: "s3:PutObject",
            Resource: `arn:aws:s3:::${logsBucketName}/*`,
            // Only the buckets that log here, the export bucket and the pull buckets: another
            // bucket of the account could otherwise mix its records into the platform's audit trail.
            // "Permissions for log delivery": aws:SourceArn names the source bucket, aws:SourceAccount its account
            // (https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html).
            Condition: {
              ArnLike: {
                "aws:SourceArn": [
                  `arn:aws:s3:::${settings.exportBucket}`,
                  `arn:aws:s3:::${settings.pullBucketPrefix}*`,
                ],
              },
              StringEquals: { "aws:SourceAccount": settings.accountId },
            },
          },
        ],
      },
    });
    this.bucket = hardenedBucket(this, "ExportBucket", {
      bucketName: plan.exportBucket.name,
      datasetTag: EXPORT_BUCKET_TAG,
      policy: plan.exportBucket.policy,
      // Versions let the mover copy and delete exactly the version an event names, so an object
      // written again mid-move is never lost. Old versions are a safety net, not an archive.
      versioned: true,
      expireOldVersionsAfterDays: 30,
      accessLogs: { bucketName: logsBucketName, prefix: `${plan.exportBucket.name}/` },
    });
    // Named, not referenced, so CloudFormation would not order them: S3 refuses a logging target
    // that does not exist yet (InvalidTargetBucketForLogging).
    this.bucket.node.addDependency(accessLogs, this.node.findChild("AccessLogsPolicy"));
  }
}
