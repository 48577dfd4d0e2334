import { createHash } from "node:crypto";

/**
 * How many stacks each kind of resource is spread over. Fixed: a dataset's stack depends only on
 * its own name, so adding or removing one never moves another. Changing a count moves most
 * resources, so it is a planned migration (docs/decisions/0001-stack-layout.md), never a tweak.
 */
export const SHARDS = { push: 8, pull: 16, users: 32 } as const;

/** The shard of a name: a stable hash, the same on every machine and in every release. */
export function shardOf(name: string, shards: number): number {
  return createHash("sha256").update(name).digest().readUInt32BE(0) % shards;
}

/** Zero-padded shard number for stack names, so they sort. */
export const shardLabel = (shard: number) => String(shard).padStart(2, "0");
