import type { Settings } from "../config/settings";
import { roleArn } from "../plan/arns";
import { accessLogsBucketName, ledgerBucketName } from "../config/platformBuckets";
import { policy, type PolicyDocument } from "../plan/policyDocument";
import {
  AUDIENCE_KEY,
  STS_AUDIENCE,
  SUBJECT_KEY,
  branchSubject,
  environmentSubject,
  githubProviderArn,
} from "./githubOidc";

/** The role `cdk diff` runs with on main: it reads the deployed stacks and can change nothing. */
export const DIFF_ROLE = "data-exports-github-diff";
/** The role `cdk deploy` runs with, only in the approved `production` environment. */
export const DEPLOY_ROLE = "data-exports-github-deploy";
const PRODUCTION = "production";
/** The branch whose pushes run the diff. */
const MAIN = "main";

/** `cdk bootstrap`'s default qualifier: its roles are `cdk-hnb659fds-<kind>-role-<account>-<region>`. */
const BOOTSTRAP_QUALIFIER = "hnb659fds";
/** What `cdk diff --method template` reads when it compares templates with its own credentials. */
const CLOUDFORMATION_READ = [
  "cloudformation:DescribeStacks",
  "cloudformation:GetTemplate",
  "cloudformation:GetTemplateSummary",
  "cloudformation:DescribeStackResources",
  "cloudformation:ListStackResources",
];

/**
 * Who may assume a deployment role: a GitHub Actions job of this repository whose token names
 * exactly this subject, for AWS STS. StringEquals, not StringLike: no value has a wildcard, so
 * no other branch, environment, pull request or repository can match.
 */
export function githubTrust(settings: Settings, subject: string): PolicyDocument {
  return policy({
    Sid: "GitHubActionsJob",
    Effect: "Allow",
    Principal: { Federated: githubProviderArn(settings.accountId) },
    Action: "sts:AssumeRoleWithWebIdentity",
    Condition: { StringEquals: { [AUDIENCE_KEY]: STS_AUDIENCE, [SUBJECT_KEY]: subject } },
  });
}

export const diffSubject = (repository: string) => branchSubject(repository, MAIN);
export const deploySubject = (repository: string) => environmentSubject(repository, PRODUCTION);

const stacksArn = (settings: Settings, name: string) =>
  `arn:aws:cloudformation:${settings.region}:${settings.accountId}:stack/${name}/*`;

/**
 * The diff role reads this app's stacks and the bootstrap stack, and whether roles exist; nothing
 * else. It may not assume CDK's lookup role, which `cdk diff` tries first: that role reads almost
 * everything in the account (AWS's ReadOnlyAccess), the exported data included, and CDK goes on
 * with these credentials when it cannot.
 */
export function diffRolePolicy(settings: Settings): PolicyDocument {
  return policy(
    {
      Sid: "ReadTheDeployedStacks",
      Effect: "Allow",
      Action: CLOUDFORMATION_READ,
      Resource: [stacksArn(settings, "DataExports-*"), stacksArn(settings, "CDKToolkit")],
    },
    {
      // `exports prune-users --aws` (.github/workflows/users-gone.yml) asks whether each platform
      // user's role exists. GetRole returns a role's metadata and trust policy, never data; the
      // user-name pattern is a regular expression, which an ARN pattern cannot express, so every
      // role of the account (IAM API Reference, GetRole; Service Authorization Reference, IAM:
      // GetRole takes the role resource).
      Sid: "SeeWhetherPlatformUserRolesExist",
      Effect: "Allow",
      Action: "iam:GetRole",
      Resource: roleArn(settings.accountId, "/", "*"),
    },
  );
}

/**
 * The roles of `cdk bootstrap` that the CDK CLI assumes to deploy this app: it publishes the
 * mover's code with the file-publishing role, reads with the lookup role and deploys with the
 * deploy role, which hands CloudFormation the execution role. The app has no container image,
 * so no image-publishing role; and never the execution role itself, which can do anything.
 */
export function bootstrapRoleArns(settings: Settings): string[] {
  return ["deploy", "file-publishing", "lookup"].map((kind) =>
    roleArn(
      settings.accountId,
      "/",
      `cdk-${BOOTSTRAP_QUALIFIER}-${kind}-role-${settings.accountId}-${settings.region}`,
    ),
  );
}

/**
 * The deploy role hands over to CDK's bootstrap roles, which publish the assets and deploy. Itself
 * it only reads what the pre-deploy check (`exports check-deploy`, src/doctor/checkAdoption.ts)
 * asks before the deployment: the buckets each stack holds (ListStackResources), and whether each
 * bucket the deployment creates exists, whose it is and its tags (HeadBucket needs s3:ListBucket;
 * GetBucketTagging s3:GetBucketTagging), and whether each log group it keeps exists. s3:ListBucket also lists those buckets' keys: a small
 * read beside what the bootstrap roles it assumes can do, and only in the approved environment.
 */
export function deployRolePolicy(settings: Settings): PolicyDocument {
  // The platform's own buckets: the pre-deploy check asks after each bucket the core stack creates.
  const exportBuckets = [
    settings.exportBucket,
    accessLogsBucketName(settings.exportBucket),
    ledgerBucketName(settings.exportBucket),
  ];
  return policy(
    {
      Sid: "AssumeTheBootstrapRoles",
      Effect: "Allow",
      Action: "sts:AssumeRole",
      Resource: bootstrapRoleArns(settings),
    },
    {
      Sid: "ListTheStacksResources",
      Effect: "Allow",
      Action: "cloudformation:ListStackResources",
      Resource: stacksArn(settings, "DataExports-*"),
    },
    {
      Sid: "CheckTheBucketsItCreates",
      Effect: "Allow",
      Action: ["s3:ListBucket", "s3:GetBucketTagging"],
      Resource: [...exportBuckets, `${settings.pullBucketPrefix}*`].map((b) => `arn:aws:s3:::${b}`),
    },
    {
      // Whether a log group the deployment keeps already exists (src/doctor/checkLogGroupAdoption.ts).
      // DescribeLogGroups names no resource type, so its Resource is "*" (Service Authorization
      // Reference, CloudWatch Logs); it returns log groups' names and settings, never their events.
      Sid: "CheckTheLogGroupsItCreates",
      Effect: "Allow",
      Action: "logs:DescribeLogGroups",
      Resource: "*",
    },
  );
}
