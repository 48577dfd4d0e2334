import type { Plan } from "../plan";
import { FEDERATION_STACK, shard, shardStackName, type ShardKind } from "../shards";

/**
 * CloudFormation's quotas per stack: 500 resources, and a template of at most 1 MB when it is
 * uploaded through S3, as CDK does for large templates.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html
 */
export const STACK_RESOURCE_LIMIT = 500;
export const TEMPLATE_BYTES_LIMIT = 1_000_000;

/** What one shard stack will hold, worked out from the plan alone, without synthesis. */
export interface StackLoad {
  stack: string;
  /** A shard's kind, or the one stack of the Entra tenants' OIDC providers. */
  kind: ShardKind | "federation";
  /** Resources in its template: exact. */
  resources: number;
  /** Its template's size in bytes: an upper bound (the tests compare it with synthesis). */
  bytes: number;
  /** The datasets or users in it, by name (tenant ids for the federation stack). */
  members: string[];
}

/**
 * Template bytes per entry: a fixed part (resource type, names, attributes) and a multiple of the
 * JSON it embeds. The multiples cover CDK's indented template (ARN lists, one per line) and, for
 * users, the policy written twice as an escaped string (the create and update calls). Measured on
 * synthesized templates and held as bounds by test/infra/limits.property.test.ts.
 */
const BYTES: Record<ShardKind, { base: number; each: number; fixed: number; perPayload: number }> = {
  push: { base: 1000, fixed: 1, each: 1000, perPayload: 1.2 },
  pull: { base: 1000, fixed: 1, each: 1200, perPayload: 1.9 },
  users: { base: 3000, fixed: 3, each: 1250, perPayload: 2.7 },
  notify: { base: 1000, fixed: 1, each: 1500, perPayload: 3 },
};
/** Template bytes of a federated role beyond its two documents: type, name, path, description, cdk-nag metadata. */
const FEDERATED_ROLE_BYTES = 900;
/** The federation stack: its Keep handle, then one OIDC provider per tenant, each its URL and audiences. */
const FEDERATION_BYTES = { base: 1000, each: 400, perPayload: 1.5 };

/** One dataset or user in a shard: the resources it adds, and the size of the JSON it embeds. */
interface Member {
  name: string;
  resources: number;
  payload: number;
}

const jsonLength = (...parts: unknown[]) => parts.reduce<number>((n, p) => n + JSON.stringify(p).length, 0);

function load(kind: ShardKind, index: number, members: Member[]): StackLoad {
  const b = BYTES[kind];
  // An empty users shard has no provider function: one resource fewer (the Keep handle and the role).
  const fixed = kind === "users" && members.length === 0 ? 2 : b.fixed;
  return {
    stack: shardStackName(kind, index),
    kind,
    members: members.map((m) => m.name),
    resources: members.reduce((n, m) => n + m.resources, fixed),
    bytes: Math.ceil(b.base + members.reduce((n, m) => n + b.each + b.perPayload * m.payload, 0)),
  };
}

/** The load of every shard stack at the configured sharding (SHARDS). */
export function stackLoads(plan: Plan): StackLoad[] {
  // A push dataset adds its role; a pull dataset its bucket and policy; a user one call; a
  // notifying dataset its topic, the topic's policy and one subscription per address.
  const noticeTopics = plan.push.flatMap((p) => (p.notify ? [{ name: p.dataset.name, topic: p.notify }] : []));
  return [
    ...shard(plan.push, "push", (p) => p.dataset.name).map((entries, i) =>
      load(
        "push",
        i,
        entries.map((e) => ({
          name: e.dataset.name,
          resources: 1,
          payload: jsonLength(e.role.trust, e.role.policy, e.dataset.name, e.dataset.bucket),
        })),
      ),
    ),
    ...shard(plan.pull, "pull", (p) => p.dataset.name).map((entries, i) =>
      load(
        "pull",
        i,
        entries.map((e) => ({
          name: e.dataset.name,
          // Its bucket and bucket policy, and its federated role when it names Google or Azure principals.
          resources: e.federatedRole ? 3 : 2,
          payload:
            jsonLength(e.policy, e.dataset.name, e.dataset.bucket) +
            (e.federatedRole ? FEDERATED_ROLE_BYTES + jsonLength(e.federatedRole.trust, e.federatedRole.policy) : 0),
        })),
      ),
    ),
    {
      stack: FEDERATION_STACK,
      kind: "federation",
      members: plan.entraProviders.map((p) => p.tenant),
      resources: 1 + plan.entraProviders.length,
      bytes: Math.ceil(
        FEDERATION_BYTES.base +
          plan.entraProviders.reduce(
            (n, p) => n + FEDERATION_BYTES.each + FEDERATION_BYTES.perPayload * jsonLength(p.url, p.audiences),
            0,
          ),
      ),
    },
    ...shard(plan.users, "users", (u) => u.user).map((entries, i) =>
      load(
        "users",
        i,
        entries.map((e) => ({ name: e.user, resources: 1, payload: jsonLength(e.policy, e.user) })),
      ),
    ),
    ...shard(noticeTopics, "notify", (n) => n.name).map((entries, i) =>
      load(
        "notify",
        i,
        entries.map(({ name, topic }) => ({
          name,
          resources: 2 + topic.emails.length,
          payload: jsonLength(topic.policy, topic.topicName, topic.emails) + 300 * topic.emails.length,
        })),
      ),
    ),
  ];
}
