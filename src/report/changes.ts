import { compareText } from "../config/issue";
import type { DatasetAccess } from "./datasetAccess";

export type ChangeKind = "added" | "removed" | "changed" | "unchanged";

/** One dataset's access compared between a base and the change under review. */
export interface DatasetChange {
  change: ChangeKind;
  access: DatasetAccess;
  /** Sentences only the change has. */
  added: string[];
  /** Sentences only the base has. */
  removed: string[];
}

const key = (a: DatasetAccess) => `${a.kind}:${a.name}`;

/**
 * Compares two descriptions of access, dataset by dataset. Without a base every dataset counts as
 * added, so the same report serves "what is there" and "what changes".
 */
export function compareAccess(
  head: readonly DatasetAccess[],
  base: readonly DatasetAccess[] | undefined,
): DatasetChange[] {
  const before = new Map((base ?? []).map((a) => [key(a), a]));
  const after = new Map(head.map((a) => [key(a), a]));
  const changes: DatasetChange[] = [];
  for (const [k, access] of after) {
    const old = before.get(k);
    const added = access.lines.filter((l) => !old?.lines.includes(l));
    const removed = old ? old.lines.filter((l) => !access.lines.includes(l)) : [];
    const change: ChangeKind = !old ? "added" : added.length + removed.length > 0 ? "changed" : "unchanged";
    changes.push({ change, access, added, removed });
  }
  for (const [k, access] of before) {
    if (!after.has(k)) changes.push({ change: "removed", access, added: [], removed: access.lines });
  }
  return changes.sort((a, b) => compareText(key(a.access), key(b.access)));
}
