import { App, Aspects, Validations, type StackProps } from "aws-cdk-lib";
import { AwsSolutionsChecks } from "cdk-nag";
import { userNamePrefix } from "../config/userNamePattern";
import type { Plan } from "../plan/plan";
import { CORE_STACK, FEDERATION_STACK, shard, shardStackName } from "../plan/shards";
import { ADOPTING_CONTEXT, Adopting } from "./adopting";
import { accessLogsBucketName } from "../config/platformBuckets";
import { FEATURE_FLAGS, PLATFORM_TAGS } from "./cdkSettings";
import { CoreStack } from "./coreStack";
import { FederationStack } from "./federationStack";
import { PullStack } from "./pullStack";
import { NotifyStack } from "./notifyStack";
import { PushStack } from "./pushStack";
import { UsersStack } from "./usersStack";

export interface AppOptions {
  /** Where the cloud assembly goes. */
  outdir: string;
  /** Run cdk-nag's AWS Solutions checks during synthesis; an unacknowledged finding fails it. */
  nag?: boolean;
  /** Bundle the mover function's code (default true); tests of templates alone skip it. */
  bundle?: boolean;
  /** The templates `cdk import` adopts existing resources with (src/infra/adopting.ts); also `-c exports:adopting=true`. */
  adopting?: boolean;
  /**
   * CDK's built-in CloudFormation validation of the templates at synthesis (default true, as `cdk
   * synth` runs it; `builtinCloudFormationValidation`,
   * https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.AppProps.html). It reports findings
   * and changes no template, and costs more than half of a synthesis: callers that only read the
   * templates (doctor, tests) leave it out.
   */
  validateTemplates?: boolean;
}

/**
 * The AWS CDK app for a plan: one core stack and a fixed number of shard stacks per kind
 * (docs/decisions/0001-stack-layout.md). Every stack is always present, even when empty, and
 * every shard depends on the core stack, so `cdk deploy --all --concurrency N` deploys in any order.
 */
export function buildApp(plan: Plan, options: AppOptions): App {
  // An empty list of bundling stacks is CDK's switch for "stage assets without building them".
  const bundling = options.bundle === false ? { "aws:cdk:bundling-stacks": [] } : {};
  const context = { ...FEATURE_FLAGS, ...bundling };
  const app = new App({
    outdir: options.outdir,
    analyticsReporting: false,
    context,
    builtinCloudFormationValidation: options.validateTemplates ?? true,
  });
  const props: StackProps = {
    env: { account: plan.settings.accountId, region: plan.settings.region },
    tags: PLATFORM_TAGS,
  };

  const core = new CoreStack(app, CORE_STACK, plan, {
    ...props,
    description: "data-exports: export bucket, queue and mover",
  });
  shard(plan.push, "push", (p) => p.dataset.name).forEach((datasets, i) => {
    const stack = new PushStack(app, shardStackName("push", i), datasets, {
      ...props,
      description: `data-exports: push dataset roles, shard ${i}`,
    });
    stack.addStackDependency(core, "dataset roles trust the mover's role");
  });
  const federation = new FederationStack(app, FEDERATION_STACK, plan.entraProviders, {
    ...props,
    description: "data-exports: OpenID Connect providers of the Entra tenants pull datasets trust",
  });
  shard(plan.pull, "pull", (p) => p.dataset.name).forEach((datasets, i) => {
    const stack = new PullStack(
      app,
      shardStackName("pull", i),
      datasets,
      accessLogsBucketName(plan.settings.exportBucket),
      {
        ...props,
        description: `data-exports: pull buckets, shard ${i}`,
      },
    );
    stack.addStackDependency(federation, "federated roles trust the Entra tenants' OIDC providers");
    // S3 refuses a logging target that does not exist yet (InvalidTargetBucketForLogging).
    stack.addStackDependency(core, "pull buckets log to the core stack's access-log bucket");
  });
  // Notice topics have shards of their own: at five addresses each they would overfill a push shard (decision 0010).
  shard(
    plan.push.filter((p) => p.notify),
    "notify",
    (p) => p.dataset.name,
  ).forEach((datasets, i) => {
    const stack = new NotifyStack(app, shardStackName("notify", i), datasets, {
      ...props,
      description: `data-exports: delivery notice topics, shard ${i}`,
    });
    stack.addStackDependency(core, "the mover publishes to these topics");
  });
  const rolePattern = userRolePattern(plan);
  shard(plan.users, "users", (u) => u.user).forEach((users, i) => {
    const stack = new UsersStack(app, shardStackName("users", i), users, rolePattern, {
      ...props,
      description: `data-exports: platform user policies, shard ${i}`,
    });
    stack.addStackDependency(core, "user policies grant the core stack's export bucket");
  });

  if (options.adopting || app.node.tryGetContext(ADOPTING_CONTEXT) === "true") Aspects.of(app).add(new Adopting());
  if (options.nag) Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return app;
}

/** The ARNs of platform users' roles, as narrow as the user-name pattern's literal start allows. */
function userRolePattern(plan: Plan): string {
  return `arn:aws:iam::${plan.settings.accountId}:role/${userNamePrefix(plan.settings.userNamePattern)}*`;
}
