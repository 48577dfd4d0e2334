import { CfnWaitConditionHandle, RemovalPolicy, Stack, Validations, type StackProps } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import type { Construct } from "constructs";
import type { PushPlan } from "../plan/plan";
import { uniqueIds } from "../plan/uniqueIds";
import { ownedBy } from "./resourceOwners";

/** One shard of push datasets: each dataset's mover role, with the plan's trust and policy as they are. */
export class PushStack extends Stack {
  constructor(scope: Construct, id: string, datasets: readonly PushPlan[], props: StackProps) {
    super(scope, id, props);
    // Keeps the stack deployable when its shard holds no dataset, so emptying it removes access.
    new CfnWaitConditionHandle(this, "Keep");
    const ids = uniqueIds(datasets.map((d) => d.dataset.name));
    for (const { dataset, role } of datasets) {
      const cfnRole = new iam.CfnRole(this, dataset.name, {
        roleName: role.name,
        path: role.path,
        description: `Moves objects of push dataset ${dataset.name} to ${dataset.bucket}.`,
        assumeRolePolicyDocument: role.trust,
        policies: [{ policyName: "move", policyDocument: role.policy }],
        maxSessionDuration: 3600,
      });
      // CDK would drop the underscores, so yj_refs and yjrefs in one shard would share an id.
      cfnRole.overrideLogicalId(ids.get(dataset.name) as string);
      ownedBy([dataset.name], cfnRole);
      // Deleted with its dataset, which revokes the mover's access; written out so `cdk import` accepts it.
      cfnRole.applyRemovalPolicy(RemovalPolicy.DESTROY);
      for (const statement of role.policy.Statement) {
        for (const resource of [statement.Resource].flat()) {
          Validations.of(cfnRole).acknowledge({
            id: `AwsSolutions-IAM5[Resource::${resource}]`,
            reason:
              "Objects under this dataset's own prefix: the prefix is the dataset's, the trailing wildcard stands for the keys its users choose.",
          });
        }
      }
    }
  }
}
