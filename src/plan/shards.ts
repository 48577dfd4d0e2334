import { createHash } from "node:crypto";

/**
 * How many stacks each kind of resource is spread over. Fixed: a dataset's stack depends only on
 * its own name, so adding or removing one never moves another. Changing a count moves most
 * resources, so it is a planned migration (docs/decisions/0001-stack-layout.md), never a tweak.
 */
export const SHARDS = { push: 8, pull: 16, users: 32, notify: 32 } as const;

export type ShardKind = keyof typeof SHARDS;

/** The shard of a name: a stable hash, the same on every machine and in every release. */
export function shardOf(name: string, shards: number): number {
  return createHash("sha256").update(name).digest().readUInt32BE(0) % shards;
}

/** Zero-padded shard number for stack names, so they sort. */
const shardLabel = (shard: number) => String(shard).padStart(2, "0");

/** Every stack's name starts with this. */
const STACK_PREFIX = "DataExports";
export const CORE_STACK = `${STACK_PREFIX}-Core`;
/** The stack of the Entra tenants' IAM OIDC providers, which pull datasets' federated roles trust. */
export const FEDERATION_STACK = `${STACK_PREFIX}-Federation`;
const KIND_LABEL: Record<ShardKind, string> = { push: "Push", pull: "Pull", users: "Users", notify: "Notify" };

/** The name of one shard's stack, e.g. DataExports-Pull-03. */
export const shardStackName = (kind: ShardKind, shard: number) =>
  `${STACK_PREFIX}-${KIND_LABEL[kind]}-${shardLabel(shard)}`;

/** Groups items into SHARDS[kind] lists by the stable hash of their key. */
export function shard<T>(items: readonly T[], kind: ShardKind, key: (item: T) => string): T[][] {
  const shards: T[][] = Array.from({ length: SHARDS[kind] }, () => []);
  for (const item of items) shards[shardOf(key(item), SHARDS[kind])]?.push(item);
  return shards;
}
