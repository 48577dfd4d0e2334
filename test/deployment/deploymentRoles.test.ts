import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { runSimulation, runUnsafeSimulation } from "@cloud-copilot/iam-simulate";
import { App, Validations } from "aws-cdk-lib";
import { AwsSolutionsChecks } from "cdk-nag";
import { beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_SETTINGS } from "../../src/config/settings";
import { DEPLOY_ROLE, DIFF_ROLE, bootstrapRoleArns } from "../../src/deployment/deploymentRoles";
import { DeploymentRolesStack } from "../../src/deployment/deploymentRolesStack";
import { checkRepository } from "../../src/deployment/githubRepository";
import type { PolicyDocument } from "../../src/plan/policyDocument";
import { REPO, repoConfig, synthesize } from "../synth";

const ACCOUNT = DEFAULT_SETTINGS.accountId;
const REGION = DEFAULT_SETTINGS.region;
const REPOSITORY = "example-org/data-exports";
const PROVIDER = `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`;
const roleArn = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;

type Resource = { Type: string; Properties: Record<string, unknown> };
interface Role {
  trust: PolicyDocument;
  policy: PolicyDocument;
}

function synthRoles(existingProvider = false) {
  const app = new App({ outdir: mkdtempSync(join(tmpdir(), "exports-roles-")), analyticsReporting: false });
  new DeploymentRolesStack(app, "DataExports-GitHubRoles", {
    env: { account: ACCOUNT, region: REGION },
    settings: DEFAULT_SETTINGS,
    repository: REPOSITORY,
    existingProvider,
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  const template = app.synth().getStackByName("DataExports-GitHubRoles").template as {
    Resources: Record<string, Resource>;
  };
  const roles = new Map<string, Role>();
  for (const r of Object.values(template.Resources))
    if (r.Type === "AWS::IAM::Role") {
      const policies = r.Properties.Policies as { PolicyDocument: PolicyDocument }[];
      roles.set(r.Properties.RoleName as string, {
        trust: r.Properties.AssumeRolePolicyDocument as PolicyDocument,
        policy: policies[0]?.PolicyDocument as PolicyDocument,
      });
    }
  return { template, roles };
}

/** The trust policy's verdict on a GitHub token with these claims, evaluated by the IAM simulator. */
function assumeWithToken(trust: PolicyDocument, name: string, claims: { sub: string; aud?: string }) {
  // The simulator's context-key list for AssumeRoleWithWebIdentity lacks the OIDC `sub` and `aud`
  // keys IAM documents for every provider, so its checked entry point drops them. The unchecked
  // one evaluates them, given the policy in the form its own loader produces.
  const result = runUnsafeSimulation(
    {
      request: {
        principal: PROVIDER,
        action: "sts:AssumeRoleWithWebIdentity",
        resource: { resource: roleArn(name), accountId: ACCOUNT },
        contextVariables: {
          "token.actions.githubusercontent.com:sub": claims.sub,
          "token.actions.githubusercontent.com:aud": claims.aud ?? "sts.amazonaws.com",
        },
      },
      identityPolicies: [],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      resourcePolicy: { __validated: true, policyDocument: trust, metadata: { name: "trust" }, errors: [] } as never,
    },
    {},
  );
  return result;
}

/** What a role's own policy lets it do, evaluated by the IAM simulator. */
async function roleMay(role: Role, name: string, action: string, resource: string) {
  const result = await runSimulation(
    {
      request: {
        principal: roleArn(name),
        action,
        resource: { resource, accountId: ACCOUNT },
        contextVariables: {},
      },
      identityPolicies: [{ name: "role", policy: role.policy }],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
    },
    {},
  );
  if (result.resultType === "error") throw new Error(JSON.stringify(result.errors));
  return result.overallResult;
}

describe("the deployment roles GitHub's workflows assume", () => {
  let roles: Map<string, Role>;
  let template: { Resources: Record<string, Resource> };
  beforeAll(() => {
    ({ roles, template } = synthRoles());
  }, 60_000);
  const role = (name: string) => roles.get(name) as Role;

  it.each([
    [DIFF_ROLE, `repo:${REPOSITORY}:ref:refs/heads/main`],
    [DEPLOY_ROLE, `repo:${REPOSITORY}:environment:production`],
  ])("%s trusts exactly one subject, %s, for STS, with StringEquals", (name, subject) => {
    expect(role(name).trust).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "GitHubActionsJob",
          Effect: "Allow",
          Principal: { Federated: PROVIDER },
          Action: "sts:AssumeRoleWithWebIdentity",
          Condition: {
            StringEquals: {
              "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
              "token.actions.githubusercontent.com:sub": subject,
            },
          },
        },
      ],
    });
    expect(JSON.stringify(template)).not.toMatch(/StringLike|ForAnyValue|ForAllValues/);
  });

  it.each([
    { sub: `repo:${REPOSITORY}:ref:refs/heads/main`, diff: "Allowed", deploy: "ImplicitlyDenied" },
    { sub: `repo:${REPOSITORY}:environment:production`, diff: "ImplicitlyDenied", deploy: "Allowed" },
    { sub: `repo:${REPOSITORY}:pull_request`, diff: "ImplicitlyDenied", deploy: "ImplicitlyDenied" },
    { sub: `repo:${REPOSITORY}:ref:refs/heads/push_dataset/x`, diff: "ImplicitlyDenied", deploy: "ImplicitlyDenied" },
    { sub: `repo:${REPOSITORY}:ref:refs/heads/main-2`, diff: "ImplicitlyDenied", deploy: "ImplicitlyDenied" },
    { sub: `repo:${REPOSITORY}:environment:production-2`, diff: "ImplicitlyDenied", deploy: "ImplicitlyDenied" },
    { sub: `repo:${REPOSITORY}:environment:staging`, diff: "ImplicitlyDenied", deploy: "ImplicitlyDenied" },
    { sub: `repo:${REPOSITORY}:ref:refs/tags/main`, diff: "ImplicitlyDenied", deploy: "ImplicitlyDenied" },
    { sub: `repo:${REPOSITORY}-fork:ref:refs/heads/main`, diff: "ImplicitlyDenied", deploy: "ImplicitlyDenied" },
    { sub: "repo:someone/data-exports:environment:production", diff: "ImplicitlyDenied", deploy: "ImplicitlyDenied" },
    {
      sub: `repo:${REPOSITORY}:environment:production`,
      aud: "https://github.com/example-org",
      diff: "ImplicitlyDenied",
      deploy: "ImplicitlyDenied",
    },
  ])("a token for $sub (aud $aud) may assume: diff $diff, deploy $deploy", ({ sub, aud, diff, deploy }) => {
    const claims = aud ? { sub, aud } : { sub };
    expect(assumeWithToken(role(DIFF_ROLE).trust, DIFF_ROLE, claims)).toBe(diff);
    expect(assumeWithToken(role(DEPLOY_ROLE).trust, DEPLOY_ROLE, claims)).toBe(deploy);
  });

  it("lets the diff role read this app's stacks, and change nothing, not even through CDK's roles", async () => {
    const diff = role(DIFF_ROLE);
    const core = `arn:aws:cloudformation:${REGION}:${ACCOUNT}:stack/DataExports-Core/abc`;
    for (const action of ["cloudformation:DescribeStacks", "cloudformation:GetTemplate"])
      expect(await roleMay(diff, DIFF_ROLE, action, core), action).toBe("Allowed");
    // exports prune-users asks whether each platform user's role exists, and changes nothing.
    expect(await roleMay(diff, DIFF_ROLE, "iam:GetRole", roleArn("alpha_user_jane"))).toBe("Allowed");
    const denied: [string, string][] = [
      ["cloudformation:CreateChangeSet", core],
      ["cloudformation:ExecuteChangeSet", core],
      ["cloudformation:UpdateStack", core],
      ["cloudformation:DeleteStack", core],
      ["cloudformation:GetTemplate", `arn:aws:cloudformation:${REGION}:${ACCOUNT}:stack/SomeoneElse/abc`],
      ["s3:GetObject", "arn:aws:s3:::mojap-hub-exports/x"],
      ...bootstrapRoleArns(DEFAULT_SETTINGS).map((arn): [string, string] => ["sts:AssumeRole", arn]),
      ["sts:AssumeRole", roleArn(DEPLOY_ROLE)],
      ["iam:PutRolePolicy", roleArn("alpha_user_jane")],
      ["iam:DeleteRole", roleArn("alpha_user_jane")],
      ["iam:UpdateAssumeRolePolicy", roleArn("alpha_user_jane")],
      ["iam:GetRole", "arn:aws:iam::210987654321:role/alpha_user_jane"],
    ];
    for (const [action, resource] of denied)
      expect(await roleMay(diff, DIFF_ROLE, action, resource), `${action} ${resource}`).toBe("ImplicitlyDenied");
  });

  it("lets the deploy role hand over to CDK's bootstrap roles, and itself only read what the pre-deploy check asks", async () => {
    const deploy = role(DEPLOY_ROLE);
    for (const arn of bootstrapRoleArns(DEFAULT_SETTINGS))
      expect(await roleMay(deploy, DEPLOY_ROLE, "sts:AssumeRole", arn), arn).toBe("Allowed");
    const checks: [string, string][] = [
      [
        "cloudformation:ListStackResources",
        `arn:aws:cloudformation:${REGION}:${ACCOUNT}:stack/DataExports-Pull-03/abc`,
      ],
      ...["mojap-hub-exports", "mojap-hub-exports-access-logs", "mojap-legal-aid-costs"].flatMap(
        (bucket): [string, string][] => [
          ["s3:ListBucket", `arn:aws:s3:::${bucket}`],
          ["s3:GetBucketTagging", `arn:aws:s3:::${bucket}`],
        ],
      ),
      // Whether a log group the deployment keeps already exists (src/doctor/checkLogGroupAdoption.ts).
      ["logs:DescribeLogGroups", "*"],
    ];
    for (const [action, resource] of checks)
      expect(await roleMay(deploy, DEPLOY_ROLE, action, resource), `${action} ${resource}`).toBe("Allowed");
    const denied: [string, string][] = [
      ["sts:AssumeRole", roleArn(`cdk-other-deploy-role-${ACCOUNT}-${REGION}`)],
      ["sts:AssumeRole", roleArn(`cdk-hnb659fds-cfn-exec-role-${ACCOUNT}-${REGION}`)],
      ["sts:AssumeRole", roleArn(`cdk-hnb659fds-image-publishing-role-${ACCOUNT}-${REGION}`)],
      ["sts:AssumeRole", roleArn("service-role/export_court_listings-move")],
      ["cloudformation:UpdateStack", `arn:aws:cloudformation:${REGION}:${ACCOUNT}:stack/DataExports-Core/abc`],
      ["iam:CreateRole", roleArn("anything")],
      ["s3:GetObject", "arn:aws:s3:::mojap-hub-exports/x"],
      ["s3:PutBucketTagging", "arn:aws:s3:::mojap-legal-aid-costs"],
      ["s3:ListBucket", "arn:aws:s3:::cdk-hnb659fds-assets-123456789012-eu-west-1"],
      ["logs:GetLogEvents", `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/aws/lambda/data-exports-mover:*`],
      ["logs:DeleteLogGroup", `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/aws/lambda/data-exports-mover:*`],
      ["cloudformation:ListStackResources", `arn:aws:cloudformation:${REGION}:${ACCOUNT}:stack/SomeoneElse/abc`],
    ];
    for (const [action, resource] of denied)
      expect(await roleMay(deploy, DEPLOY_ROLE, action, resource), `${action} ${resource}`).toBe("ImplicitlyDenied");
  });

  it("allows exactly the bootstrap roles the CDK CLI uses for this app's cloud assembly", async () => {
    const { outdir } = synthesize(await repoConfig());
    const named = new Set<string>();
    for (const file of readdirSync(outdir).filter((f) => f.endsWith(".json")))
      for (const [, arn] of readFileSync(join(outdir, file), "utf8").matchAll(/"(arn:[^"]*:role\/cdk-[^"]*)"/g))
        named.add(
          (arn as string)
            .replace("${AWS::Partition}", "aws")
            .replace("${AWS::AccountId}", ACCOUNT)
            .replace("${AWS::Region}", REGION),
        );
    // The execution role is CloudFormation's: the deploy role passes it, and nobody else assumes it.
    const exec = roleArn(`cdk-hnb659fds-cfn-exec-role-${ACCOUNT}-${REGION}`);
    expect([...named].sort()).toEqual([...bootstrapRoleArns(DEFAULT_SETTINGS), exec].sort());
  }, 120_000);

  it("creates GitHub's OIDC provider for STS, or uses the one the account has", () => {
    const providers = (t: { Resources: Record<string, Resource> }) =>
      Object.values(t.Resources).filter((r) => r.Type === "AWS::IAM::OIDCProvider");
    expect(providers(template).map((p) => p.Properties)).toEqual([
      { Url: "https://token.actions.githubusercontent.com", ClientIdList: ["sts.amazonaws.com"] },
    ]);
    const existing = synthRoles(true);
    expect(providers(existing.template)).toEqual([]);
    expect(existing.roles.get(DEPLOY_ROLE)?.trust.Statement[0]?.Principal).toEqual({ Federated: PROVIDER });
  });
});

describe("the repository the roles trust", () => {
  it.each(["example-org/data-exports", "a/b", "A-1/x.y_z-", "o/.github"])("accepts %s", (value) => {
    expect(checkRepository(value)).toEqual({ repository: value });
  });
  it.each([
    undefined,
    "",
    "data-exports",
    "-org/x",
    "org-/x",
    "o--o/x",
    "org/",
    "org/x/y",
    "org/..",
    "org/a b",
    "org/*",
  ])("refuses %j with the form to use", (value) => {
    expect(checkRepository(value)).toEqual({ error: expect.stringContaining("-c repository=<owner>/<name>") });
  });

  it("is required by the app, which says so and exits 2 without it", async () => {
    const bin = join(REPO, "bin/deployment-roles.ts");
    const outdir = mkdtempSync(join(tmpdir(), "exports-roles-app-"));
    const env = { ...process.env, CDK_OUTDIR: outdir };
    const missing = await promisify(execFile)("node", ["--import", "tsx", bin], { cwd: REPO, env }).catch((e) => e);
    expect(missing).toMatchObject({ code: 2, stderr: expect.stringContaining("repository is missing") });
    const context = JSON.stringify({ repository: REPOSITORY });
    await promisify(execFile)("node", ["--import", "tsx", bin], {
      cwd: REPO,
      env: { ...env, CDK_CONTEXT_JSON: context },
    });
    const written = JSON.parse(readFileSync(join(outdir, "DataExports-GitHubRoles.template.json"), "utf8")) as {
      Resources: Record<string, Resource>;
    };
    expect(JSON.stringify(written)).toContain(`repo:${REPOSITORY}:environment:production`);
  }, 240_000);
});
