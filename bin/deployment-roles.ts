// The AWS CDK app of GitHub's deployment roles, deployed once per account by an administrator:
//   npx cdk deploy --app "npx tsx bin/deployment-roles.ts" -c repository=<owner>/<name>
// (docs/operators.md, "Deployment from GitHub"). Add -c existing_provider=true where the account
// already has GitHub's OIDC provider.
import { App } from "aws-cdk-lib";
import { loadPlan } from "../src/cli/loadPlan";
import { DeploymentRolesStack } from "../src/deployment/deploymentRolesStack";
import { checkRepository } from "../src/deployment/githubRepository";
import { FEATURE_FLAGS, PLATFORM_TAGS } from "../src/infra/cdkSettings";

const out = { stdout: (t: string) => process.stdout.write(t), stderr: (t: string) => process.stderr.write(t) };
const app = new App({
  outdir: process.env.CDK_OUTDIR ?? "cdk.out",
  analyticsReporting: false,
  context: FEATURE_FLAGS,
});
const repository = checkRepository(app.node.tryGetContext("repository"));
if ("error" in repository) {
  out.stderr(`deployment-roles: ${repository.error}\n`);
  process.exit(2);
}
const loaded = await loadPlan("deployment-roles", ".", out);
if ("code" in loaded) process.exit(loaded.code);
const { settings } = loaded.plan;
new DeploymentRolesStack(app, "DataExports-GitHubRoles", {
  env: { account: settings.accountId, region: settings.region },
  tags: PLATFORM_TAGS,
  description: "data-exports: GitHub's OIDC provider and the diff and deploy roles of its workflows",
  settings,
  repository: repository.repository,
  existingProvider: app.node.tryGetContext("existing_provider") === "true",
});
app.synth();
