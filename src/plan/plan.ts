import type { RuleMeta } from "../config/ruleMeta";
import type { Config } from "../config/config";
import type { Dataset, NotifyList, PullDataset, PushDataset } from "../config/dataset";
import { hasExpired } from "../config/expiry";
import { compareText, type Issue, type Validated } from "../config/issue";
import { message } from "../config/message";
import type { Settings } from "../config/settings";
import { roleArn, topicArn } from "./arns";
import { entraIssuer, entraProviderName, oidcProviderArn } from "./identityProviders";
import { entraProviderAudiences } from "./limits/entraProviderAudiences";
import { exportBucketPolicySize } from "./limits/exportBucketPolicySize";
import { pullBucketPolicySize } from "./limits/pullBucketPolicySize";
import { stackLimits } from "./limits/stackLimits";
import {
  DEAD_LETTER_QUEUE,
  federatedRoleName,
  MOVER_FUNCTION,
  MOVER_FUNCTION_ROLE,
  QUEUE,
  SERVICE_ROLE_PATH,
  moverRoleName,
  notifyTopicName,
} from "./names";
import { exportBucketPolicy } from "./policies/exportBucketPolicy";
import { federatedRolePolicy, federatedRoleTrust } from "./policies/federatedRole";
import { kmsKeyStatement } from "./policies/kmsKeyStatement";
import { moverRolePolicy, moverRoleTrust } from "./policies/moverRole";
import { noticeTopicPolicy } from "./policies/noticeTopic";
import { pullBucketPolicy } from "./policies/pullBucketPolicy";
import { refuseWritesAfterExpiry } from "./policies/refuseWritesAfterExpiry";
import { tlsOnly } from "./policies/tlsOnly";
import { accessEndsAt } from "./policies/untilExpiry";
import { receivingBucketStatement } from "./policies/receivingBucketStatement";
import { userPolicy } from "./policies/userPolicy";
import { policy, policySize, type PolicyDocument, type Statement } from "./policyDocument";

/** The rule `federated-trust-size`: its id and its row of docs/rules.md. */
export const FEDERATED_TRUST_SIZE_RULE: RuleMeta = {
  id: "federated-trust-size",
  severity: "error",
  description:
    "A pull dataset's federated role trusts one statement per Google or Azure principal; the trust policy fits IAM's default limit of 2,048 characters (about six principals). It is reported at the dataset's `name`.",
};

/** The rule `user-policy-size`: its id and its row of docs/rules.md. */
export const USER_POLICY_SIZE_RULE: RuleMeta = {
  id: "user-policy-size",
  severity: "error",
  description:
    "A platform user's combined policy, covering every dataset that lists them, fits IAM's limit of 10,240 characters per role. It is reported at the user's entry in the last file that lists them.",
};

/** IAM's limit on the inline policies of one role, in characters without whitespace. */
export const ROLE_INLINE_POLICY_LIMIT = 10_240;

export interface PushPlan {
  dataset: PushDataset;
  role: { name: string; path: string; arn: string; trust: PolicyDocument; policy: PolicyDocument };
  /** What the receiving bucket's owner must add to their bucket policy. */
  receivingStatement: Statement;
  /** With kms_key: what the receiving team must add to their KMS key's policy. */
  kmsKeyStatement?: Statement;
  /** With notify: the SNS topic its delivery notices go to, and who is subscribed (decision 0010). */
  notify?: NoticeTopicPlan;
}

/** One dataset's notice topic: failures go to every address, deliveries too when `deliveries`. */
export interface NoticeTopicPlan {
  topicName: string;
  topicArn: string;
  policy: PolicyDocument;
  emails: string[];
  deliveries: boolean;
}

/** IAM's default limit on a role's trust policy, in characters without whitespace (a quota AWS can raise to 4,096). */
export const ROLE_TRUST_POLICY_LIMIT = 2048;

export interface PullPlan {
  dataset: PullDataset;
  /** After the dataset's `expires`, TLS-only and nothing else: the bucket and its data stay, nobody is granted. */
  policy: PolicyDocument;
  /** The role its Google and Azure principals assume, when it has any. */
  federatedRole?: { name: string; path: string; arn: string; trust: PolicyDocument; policy: PolicyDocument };
}

/** An IAM OIDC provider for one Entra tenant, shared by every dataset naming a workload of it. */
export interface EntraProviderPlan {
  tenant: string;
  url: string;
  arn: string;
  /** Every audience a workload of this tenant asks for, sorted: the provider's client ids. */
  audiences: string[];
  /** The pull datasets whose Azure workloads are in this tenant, sorted. */
  datasets: string[];
}

export interface UserPlan {
  /** The platform user, whose IAM role has the same name. */
  user: string;
  roleArn: string;
  push: string[];
  pull: string[];
  policy: PolicyDocument;
  /** Characters IAM counts against ROLE_INLINE_POLICY_LIMIT. */
  policySize: number;
}

/** Everything the datasets need in AWS, as plain data: what the CDK app deploys and the report explains. */
export interface Plan {
  settings: Settings;
  exportBucket: { name: string; policy: PolicyDocument };
  mover: { functionName: string; roleName: string; rolePath: string; queue: string; deadLetterQueue: string };
  push: PushPlan[];
  pull: PullPlan[];
  entraProviders: EntraProviderPlan[];
  users: UserPlan[];
  /**
   * Datasets past their `expires` at the plan's moment: they grant nothing (no user grant, no
   * mover role or route, no pull principal), and their pull buckets stay in `pull`, data kept.
   */
  expired: Dataset[];
}

/**
 * Builds the plan from a validated config. Pure: every policy document is made here, once, by the
 * builders in policies/. Errors are the AWS limits a config can break only in combination (a user
 * in so many datasets that their policy passes IAM's size limit, a stack over CloudFormation's
 * quotas), located at a line to change: whatever passes here synthesizes and deploys.
 *
 * `now` is the moment the plan is for: a dataset past its `expires` then keeps its data and loses
 * every grant. Without it no dataset counts as expired, and the grants still end on their own by
 * their `aws:CurrentTime` conditions.
 */
export function buildPlan(config: Config, now?: Date): Validated<Plan> {
  const { settings } = config;
  const ended = (d: Dataset) =>
    now !== undefined && d.expires !== undefined && hasExpired(d.expires, settings.timeZone, now);
  const expired = [...config.push, ...config.pull].filter(ended);
  const active = { ...config, push: config.push.filter((d) => !ended(d)), pull: config.pull.filter((d) => !ended(d)) };
  const push = active.push.map((dataset): PushPlan => {
    const name = moverRoleName(dataset.name);
    return {
      dataset,
      role: {
        name,
        path: SERVICE_ROLE_PATH,
        arn: roleArn(settings.accountId, SERVICE_ROLE_PATH, name),
        trust: moverRoleTrust(settings),
        policy: moverRolePolicy(dataset, settings),
      },
      receivingStatement: receivingBucketStatement(dataset, settings),
      ...(dataset.kmsKey ? { kmsKeyStatement: kmsKeyStatement({ ...dataset, kmsKey: dataset.kmsKey }, settings) } : {}),
      ...(dataset.notify ? { notify: noticeTopic(dataset.name, dataset.notify, settings) } : {}),
    };
  });
  const pull = config.pull.map((dataset): PullPlan => {
    const endsAt = accessEndsAt(dataset, settings);
    const plan: PullPlan = {
      dataset,
      policy: ended(dataset) ? policy(...tlsOnly(dataset.bucket)) : pullBucketPolicy(dataset, endsAt),
    };
    // An ended dataset's federated role goes, as an ended push dataset's mover role does.
    const federated = dataset.googleServiceAccounts.length > 0 || dataset.azureWorkloads.length > 0;
    if (!federated || ended(dataset)) return plan;
    const name = federatedRoleName(dataset.name);
    const arn = roleArn(settings.accountId, SERVICE_ROLE_PATH, name);
    const trust = federatedRoleTrust(dataset, settings.accountId, arn);
    return {
      ...plan,
      federatedRole: { name, path: SERVICE_ROLE_PATH, arn, trust, policy: federatedRolePolicy(dataset, endsAt) },
    };
  });
  const users = usersOf(active).map(({ user, push: p, pull: q }): UserPlan => {
    const document = userPolicy(p, q, settings);
    return {
      user,
      roleArn: roleArn(settings.accountId, "/", user),
      push: p.map((d) => d.name),
      pull: q.map((d) => d.name),
      policy: document,
      policySize: policySize(document),
    };
  });

  const exportPolicy = policy(
    ...exportBucketPolicy(settings).Statement,
    ...refuseWritesAfterExpiry(config.push, settings),
  );
  const value: Plan = {
    settings,
    exportBucket: { name: settings.exportBucket, policy: exportPolicy },
    mover: {
      functionName: MOVER_FUNCTION,
      roleName: MOVER_FUNCTION_ROLE,
      rolePath: SERVICE_ROLE_PATH,
      queue: QUEUE,
      deadLetterQueue: DEAD_LETTER_QUEUE,
    },
    push,
    pull,
    entraProviders: entraProvidersOf(config.pull, settings.accountId),
    users,
    expired,
  };
  const errors = [
    ...users.filter((u) => u.policySize > ROLE_INLINE_POLICY_LIMIT).map((u) => tooLarge(u, config)),
    ...exportBucketPolicySize(exportPolicy, config),
    ...pullBucketPolicySize(pull),
    ...pull.flatMap(trustTooLarge),
    ...entraProviderAudiences(value.entraProviders, config),
    ...stackLimits(value, config),
  ];
  return { value, errors, warnings: [] };
}

function noticeTopic(dataset: string, notify: NotifyList, settings: Settings): NoticeTopicPlan {
  const topicName = notifyTopicName(dataset);
  const arn = topicArn(settings.region, settings.accountId, topicName);
  return { topicName, topicArn: arn, policy: noticeTopicPolicy(arn), ...notify };
}

/** Every platform user with the datasets that name them, sorted by user. */
function usersOf(config: Config): { user: string; push: PushDataset[]; pull: PullDataset[] }[] {
  const byUser = new Map<string, { user: string; push: PushDataset[]; pull: PullDataset[] }>();
  const entry = (user: string) => {
    let found = byUser.get(user);
    if (!found) byUser.set(user, (found = { user, push: [], pull: [] }));
    return found;
  };
  for (const d of config.push) for (const u of d.users) entry(u).push.push(d);
  for (const d of config.pull) for (const u of d.users) entry(u).pull.push(d);
  return [...byUser.values()].sort((a, b) => compareText(a.user, b.user));
}

/** The error for a user whose policy is too large, at their entry in the last dataset file naming them. */
function tooLarge(user: UserPlan, config: Config): Issue {
  const files = [...config.push, ...config.pull]
    .filter((d) => d.users.includes(user.user))
    .sort((a, b) => compareText(a.file, b.file));
  const last = files.at(-1);
  const at = last?.source.users[user.user] ?? { line: 1, column: 1 };
  const what = `${user.user} is in ${files.length} datasets, and the policy granting them all would be ${user.policySize} characters, over IAM's limit of ${ROLE_INLINE_POLICY_LIMIT}`;
  const fix = "Remove them from datasets they no longer need, or give the datasets a shared team user.";
  return {
    file: last?.file ?? "",
    ...at,
    rule: USER_POLICY_SIZE_RULE.id,
    severity: "error",
    message: message(what, `${user.policySize} characters`, fix),
  };
}

/** One IAM OIDC provider per Entra tenant any dataset names, with every audience asked of it. */
function entraProvidersOf(datasets: readonly PullDataset[], account: string): EntraProviderPlan[] {
  const audiences = new Map<string, { audiences: Set<string>; datasets: Set<string> }>();
  for (const d of datasets) {
    for (const w of d.azureWorkloads) {
      let found = audiences.get(w.tenant);
      if (!found) audiences.set(w.tenant, (found = { audiences: new Set(), datasets: new Set() }));
      found.audiences.add(w.audience);
      found.datasets.add(d.name);
    }
  }
  return [...audiences.entries()]
    .sort(([a], [b]) => compareText(a, b))
    .map(([tenant, found]) => ({
      tenant,
      url: entraIssuer(tenant),
      arn: oidcProviderArn(account, entraProviderName(tenant)),
      audiences: [...found.audiences].sort(compareText),
      datasets: [...found.datasets].sort(compareText),
    }));
}

/** The error for a federated role whose trust policy passes IAM's limit, at the dataset's name. */
function trustTooLarge({ dataset, federatedRole }: PullPlan): Issue[] {
  if (!federatedRole) return [];
  const size = policySize(federatedRole.trust);
  if (size <= ROLE_TRUST_POLICY_LIMIT) return [];
  const count = dataset.googleServiceAccounts.length + dataset.azureWorkloads.length;
  const what = `the ${count} Google and Azure principals need a trust policy of ${size} characters, over IAM's limit of ${ROLE_TRUST_POLICY_LIMIT}`;
  const fix = "List fewer principals: let one service account or managed identity read for the receiving team.";
  return [
    {
      file: dataset.file,
      ...dataset.source.name,
      rule: FEDERATED_TRUST_SIZE_RULE.id,
      severity: "error",
      message: message(what, `${size} characters`, fix),
    },
  ];
}
