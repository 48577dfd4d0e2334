import { CfnWaitConditionHandle, Stack, Validations, type StackProps } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import type { Construct } from "constructs";
import type { PullPlan } from "../plan/plan";
import { uniqueIds } from "../plan/uniqueIds";
import { hardenedBucket } from "./hardenedBucket";
import { ownedBy } from "./resourceOwners";

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
    const ids = uniqueIds(datasets.map((d) => d.dataset.name));
    for (const { dataset, policy, federatedRole } of datasets) {
      const bucket = hardenedBucket(this, dataset.name, {
        // The bucket's own id carries a hash of its path and cannot collide; its policy's would (ab_cd, abcd).
        policyLogicalId: `${ids.get(dataset.name) as string}Policy`,
        bucketName: dataset.bucket,
        datasetTag: dataset.name,
        policy,
        versioned: dataset.bucketVersioning,
        accessLogs: { bucketName: accessLogsBucket, prefix: `${dataset.bucket}/` },
      });
      ownedBy([dataset.name], bucket, this.node.findChild(`${dataset.name}Policy`));
      if (!federatedRole) continue;
      // A top-level id is its logical id: from uniqueIds, so ab_cd's and abcd's roles cannot collide.
      const role = new iam.CfnRole(this, `${ids.get(dataset.name) as string}Federated`, {
        roleName: federatedRole.name,
        path: federatedRole.path,
        description: `Reads pull dataset ${dataset.name} for its Google Cloud and Azure principals.`,
        assumeRolePolicyDocument: federatedRole.trust,
        policies: [{ policyName: "pull", policyDocument: federatedRole.policy }],
        maxSessionDuration: 3600,
      });
      ownedBy([dataset.name], role);
      Validations.of(role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::arn:aws:s3:::${dataset.bucket}/*]`,
        reason: "The objects of this dataset's own pull bucket: the wildcard stands for the keys its users choose.",
      });
    }
  }
}
