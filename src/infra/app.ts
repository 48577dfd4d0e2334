import { App, Validations, type StackProps } from "aws-cdk-lib";
import { AwsSolutionsChecks } from "cdk-nag";
import type { Plan } from "../plan/plan";
import { CoreStack, accessLogsBucket } from "./coreStack";
import { FederationStack } from "./federationStack";
import { PullStack } from "./pullStack";
import { PushStack } from "./pushStack";
import { SHARDS, shardLabel, shardOf } from "./shards";
import { UsersStack } from "./usersStack";

export interface AppOptions {
  /** Where the cloud assembly goes. */
  outdir: string;
  /** Run cdk-nag's AWS Solutions checks during synthesis; an unacknowledged finding fails it. */
  nag?: boolean;
  /** Bundle the mover function's code (default true); tests of templates alone skip it. */
  bundle?: boolean;
}

/** Groups items into SHARDS[kind] lists by a stable hash of their key. */
function shard<T>(items: readonly T[], count: number, key: (item: T) => string): T[][] {
  const shards: T[][] = Array.from({ length: count }, () => []);
  for (const item of items) shards[shardOf(key(item), count)]?.push(item);
  return shards;
}

/**
 * The AWS CDK app for a plan: one core stack and a fixed number of shard stacks per kind
 * (docs/decisions/0001-stack-layout.md). Every stack is always present, even when empty.
 */
export function buildApp(plan: Plan, options: AppOptions): App {
  // An empty list of bundling stacks is CDK's switch for "stage assets without building them".
  const context = options.bundle === false ? { "aws:cdk:bundling-stacks": [] } : {};
  const app = new App({ outdir: options.outdir, analyticsReporting: false, context });
  const props: StackProps = { env: { account: plan.settings.accountId, region: plan.settings.region } };
  const prefix = "DataExports";

  const core = new CoreStack(app, `${prefix}-Core`, plan, {
    ...props,
    description: "data-exports: export bucket, queue and mover",
  });
  shard(plan.push, SHARDS.push, (p) => p.dataset.name).forEach((datasets, i) => {
    const stack = new PushStack(app, `${prefix}-Push-${shardLabel(i)}`, datasets, {
      ...props,
      description: `data-exports: push dataset roles, shard ${i}`,
    });
    stack.addStackDependency(core, "dataset roles trust the mover's role");
  });
  const federation = new FederationStack(app, `${prefix}-Federation`, plan.entraProviders, {
    ...props,
    description: "data-exports: OpenID Connect providers of the Entra tenants pull datasets trust",
  });
  shard(plan.pull, SHARDS.pull, (p) => p.dataset.name).forEach((datasets, i) => {
    const stack = new PullStack(
      app,
      `${prefix}-Pull-${shardLabel(i)}`,
      datasets,
      accessLogsBucket(plan.settings.exportBucket),
      {
        ...props,
        description: `data-exports: pull buckets, shard ${i}`,
      },
    );
    stack.addStackDependency(federation, "federated roles trust the Entra tenants' OIDC providers");
  });
  const rolePattern = userRolePattern(plan);
  shard(plan.users, SHARDS.users, (u) => u.user).forEach((users, i) => {
    new UsersStack(app, `${prefix}-Users-${shardLabel(i)}`, users, rolePattern, {
      ...props,
      description: `data-exports: platform user policies, shard ${i}`,
    });
  });

  if (options.nag) Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return app;
}

/** The ARNs of platform users' roles, as narrow as the user-name pattern's literal start allows. */
function userRolePattern(plan: Plan): string {
  const prefix = /^\^([A-Za-z0-9_+=,.@-]+)/.exec(plan.settings.userNamePattern.source)?.[1] ?? "";
  return `arn:aws:iam::${plan.settings.accountId}:role/${prefix}*`;
}
