import { CfnWaitConditionHandle, Stack, type StackProps } from "aws-cdk-lib";
import type { Construct } from "constructs";
import type { PullPlan } from "../plan/plan";
import { uniqueIds } from "../plan/uniqueIds";
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
    const ids = uniqueIds(datasets.map((d) => d.dataset.name));
    for (const { dataset, policy } of datasets) {
      hardenedBucket(this, dataset.name, {
        // The bucket's own id carries a hash of its path and cannot collide; its policy's would (ab_cd, abcd).
        policyLogicalId: `${ids.get(dataset.name) as string}Policy`,
        bucketName: dataset.bucket,
        policy,
        versioned: dataset.bucketVersioning,
        accessLogs: { bucketName: accessLogsBucket, prefix: `${dataset.bucket}/` },
      });
    }
  }
}
