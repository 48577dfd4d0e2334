import { CfnWaitConditionHandle, Stack, Validations, type StackProps } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import type { Construct } from "constructs";
import type { PullPlan } from "../plan/plan";
import { hardenedBucket } from "./hardenedBucket";

/**
 * One shard of pull datasets: each dataset's bucket, kept when the dataset is removed, and the
 * role its Google and Azure principals assume, when it has any.
 */
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
    for (const { dataset, policy, federatedRole } of datasets) {
      hardenedBucket(this, dataset.name, {
        bucketName: dataset.bucket,
        policy,
        versioned: dataset.bucketVersioning,
        accessLogs: { bucketName: accessLogsBucket, prefix: `${dataset.bucket}/` },
      });
      if (!federatedRole) continue;
      const role = new iam.CfnRole(this, `${dataset.name}-federated`, {
        roleName: federatedRole.name,
        path: federatedRole.path,
        description: `Reads pull dataset ${dataset.name} for its Google Cloud and Azure principals.`,
        assumeRolePolicyDocument: federatedRole.trust,
        policies: [{ policyName: "pull", policyDocument: federatedRole.policy }],
        maxSessionDuration: 3600,
      });
      Validations.of(role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::arn:aws:s3:::${dataset.bucket}/*]`,
        reason: "The objects of this dataset's own pull bucket: the wildcard stands for the keys its users choose.",
      });
    }
  }
}
