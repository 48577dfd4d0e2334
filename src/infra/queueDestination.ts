import * as iam from "aws-cdk-lib/aws-iam";
import * as s3 from "aws-cdk-lib/aws-s3";
import type * as sqs from "aws-cdk-lib/aws-sqs";
import type { Construct } from "constructs";
import { S3_EVENT_DELIVERY } from "../plan/actions";

/**
 * An S3 event notification destination: the queue, whose policy lets S3 send only this bucket's
 * events, from this account. AWS recommends pinning both aws:SourceArn and aws:SourceAccount
 * against the confused deputy problem (CDK's SqsDestination pins only the ARN).
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/grant-destinations-permissions-to-s3.html
 */
export class QueueDestination implements s3.IBucketNotificationDestination {
  constructor(
    private readonly queue: sqs.IQueue,
    private readonly account: string,
  ) {}

  bind(_scope: Construct, bucket: s3.IBucket): s3.BucketNotificationDestinationConfig {
    const { policyDependable } = this.queue.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: "S3SendsExportEvents",
        principals: [new iam.ServicePrincipal("s3.amazonaws.com")],
        actions: S3_EVENT_DELIVERY,
        resources: [this.queue.queueArn],
        conditions: {
          ArnEquals: { "aws:SourceArn": bucket.bucketArn },
          StringEquals: { "aws:SourceAccount": this.account },
        },
      }),
    );
    return {
      arn: this.queue.queueArn,
      type: s3.BucketNotificationDestinationType.QUEUE,
      dependencies: policyDependable ? [policyDependable] : [],
    };
  }
}
