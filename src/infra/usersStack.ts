import { CfnWaitConditionHandle, Stack, Validations, type StackProps } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import * as cr from "aws-cdk-lib/custom-resources";
import type { Construct } from "constructs";
import type { UserPlan } from "../plan/plan";
import { ownedBy } from "./resourceOwners";

/** The name of the inline policy the system puts on each platform user's role. */
const USER_POLICY_NAME = "data-exports";

/**
 * One shard of platform users: each user's consolidated policy, put on their existing role.
 * Through an SDK call rather than AWS::IAM::RolePolicy so that a user whose role no longer exists
 * is skipped (NoSuchEntity is ignored) instead of failing everyone else's deployment;
 * `exports doctor --aws` reports such users.
 */
export class UsersStack extends Stack {
  constructor(scope: Construct, id: string, users: readonly UserPlan[], roleArnPattern: string, props: StackProps) {
    super(scope, id, props);
    new CfnWaitConditionHandle(this, "Keep");
    // One role for the stack's provider function: AwsCustomResource's own per-resource policies
    // would all land on one role and pass IAM's inline policy limit at a hundred users.
    const role = new iam.Role(this, "PolicyWriter", {
      assumedBy: new iam.ServicePrincipal("lambda.amazonaws.com"),
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName("service-role/AWSLambdaBasicExecutionRole")],
      inlinePolicies: {
        userPolicies: new iam.PolicyDocument({
          statements: [
            new iam.PolicyStatement({
              actions: ["iam:PutRolePolicy", "iam:DeleteRolePolicy"],
              resources: [roleArnPattern],
            }),
          ],
        }),
      },
    });
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${roleArnPattern}]`,
      reason:
        "It writes the data-exports policy onto platform users' roles, whose names all start with the user-name pattern's prefix.",
    });
    Validations.of(role).acknowledge({
      id: "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]",
      reason: "Write access to the provider function's own log group, which is all this AWS managed policy grants.",
    });
    for (const user of users) {
      const put: cr.AwsSdkCall = {
        service: "IAM",
        action: "putRolePolicy",
        parameters: { RoleName: user.user, PolicyName: USER_POLICY_NAME, PolicyDocument: JSON.stringify(user.policy) },
        physicalResourceId: cr.PhysicalResourceId.of(user.user),
        ignoreErrorCodesMatching: "NoSuchEntity.*",
      };
      const policy = new cr.AwsCustomResource(this, user.user, {
        resourceType: "Custom::PlatformUserPolicy",
        onCreate: put,
        onUpdate: put,
        onDelete: {
          ...put,
          action: "deleteRolePolicy",
          parameters: { RoleName: user.user, PolicyName: USER_POLICY_NAME },
        },
        role,
        installLatestAwsSdk: false,
      });
      ownedBy([user.user], policy);
    }
  }
}
