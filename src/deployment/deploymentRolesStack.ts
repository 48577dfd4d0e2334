import { CfnOutput, Stack, Validations, type StackProps } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import type { Construct } from "constructs";
import type { Settings } from "../config/settings";
import type { PolicyDocument } from "../plan/policyDocument";
import {
  DEPLOY_ROLE,
  DIFF_ROLE,
  deployRolePolicy,
  deploySubject,
  diffRolePolicy,
  diffSubject,
  githubTrust,
} from "./deploymentRoles";
import { GITHUB_OIDC_URL, STS_AUDIENCE } from "./githubOidc";

export interface DeploymentRolesProps extends StackProps {
  settings: Settings;
  /** `owner/name` of the GitHub repository whose workflows deploy. */
  repository: string;
  /** The account already has GitHub's OIDC provider (IAM allows one per issuer): use it. */
  existingProvider: boolean;
}

/**
 * What GitHub Actions needs in the platform's account, deployed once by an administrator
 * (docs/operators.md, "Deployment from GitHub"): GitHub's OIDC provider, the read-only role the
 * `diff` job assumes on main, and the role only the `production` environment's jobs can assume.
 */
export class DeploymentRolesStack extends Stack {
  constructor(scope: Construct, id: string, props: DeploymentRolesProps) {
    super(scope, id, props);
    const { settings, repository } = props;
    // IAM checks GitHub's certificate against its own trusted authorities: no thumbprint to pin.
    const provider = props.existingProvider
      ? undefined
      : new iam.OidcProviderNative(this, "GitHubProvider", { url: GITHUB_OIDC_URL, clientIds: [STS_AUDIENCE] });
    // The documents go in as the pure builders made them, so the tests read back exactly these.
    const role = (id: string, name: string, trust: PolicyDocument, permissions: PolicyDocument, what: string) => {
      const r = new iam.CfnRole(this, id, {
        roleName: name,
        description: `data-exports: ${what}`,
        assumeRolePolicyDocument: trust,
        maxSessionDuration: 3600,
        policies: [{ policyName: "data-exports-github", policyDocument: permissions }],
      });
      if (provider) r.node.addDependency(provider);
      return r;
    };
    const diff = role(
      "DiffRole",
      DIFF_ROLE,
      githubTrust(settings, diffSubject(repository)),
      diffRolePolicy(settings),
      "cdk diff and exports prune-users on main, read only",
    );
    const deploy = role(
      "DeployRole",
      DEPLOY_ROLE,
      githubTrust(settings, deploySubject(repository)),
      deployRolePolicy(settings),
      "cdk deploy in the production environment",
    );
    new CfnOutput(this, "DiffRoleArn", {
      value: diff.attrArn,
      description: "the repository variable AWS_DIFF_ROLE_ARN",
    });
    new CfnOutput(this, "DeployRoleArn", {
      value: deploy.attrArn,
      description: "the repository variable AWS_DEPLOY_ROLE_ARN",
    });
    // A stack's ARN ends in an id CloudFormation makes up when it creates the stack, so no policy
    // can name it in advance: the wildcards stand for that id (and the app's shard stacks).
    for (const stack of ["DataExports-*/*", "CDKToolkit/*"])
      Validations.of(diff).acknowledge({
        id: `AwsSolutions-IAM5[Resource::arn:aws:cloudformation:${settings.region}:${settings.accountId}:stack/${stack}]`,
        reason:
          "CloudFormation reads of this app's stacks and the bootstrap stack, whose ARNs end in an id made at creation",
      });
    Validations.of(diff).acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:aws:iam::${settings.accountId}:role/*]`,
      reason:
        "iam:GetRole only, to see whether each platform user's role exists (exports prune-users); user names follow a regular expression, which an ARN pattern cannot express",
    });
    Validations.of(deploy).acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:aws:cloudformation:${settings.region}:${settings.accountId}:stack/DataExports-*/*]`,
      reason: "The pre-deploy check lists this app's stacks' resources; their ARNs end in an id made at creation",
    });
    Validations.of(deploy).acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:aws:s3:::${settings.pullBucketPrefix}*]`,
      reason:
        "The pre-deploy check heads and reads the tags of every pull bucket the deployment creates: their names are the prefix and a dataset's",
    });
    Validations.of(deploy).acknowledge({
      id: "AwsSolutions-IAM5[Resource::*]",
      reason:
        "logs:DescribeLogGroups only, for the pre-deploy check of the log groups the deployment keeps: the action takes no resource, so IAM needs *",
    });
  }
}
