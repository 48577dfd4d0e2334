import { CfnWaitConditionHandle, Stack, type StackProps } from "aws-cdk-lib";
import type { Construct } from "constructs";
import type { PullPlan } from "../plan/plan";
import { hardenedBucket } from "./hardenedBucket";

/** One shard of pull datasets: each dataset's bucket, kept when the dataset is removed. */
export class PullStack extends Stack {
  constructor(
    scope: Construct,
    id: string,
    datasets: readonly PullPlan[],
    accessLogsBucket: string,
    props: StackProps,
  ) {
    super(scope, id, props);
    new CfnWaitConditionHandle(this, "Keep");
    for (const { dataset, policy } of datasets) {
      hardenedBucket(this, dataset.name, {
        bucketName: dataset.bucket,
        policy,
        versioned: dataset.bucketVersioning,
        accessLogs: { bucketName: accessLogsBucket, prefix: `${dataset.bucket}/` },
      });
    }
  }
}
