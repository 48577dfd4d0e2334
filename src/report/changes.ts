import { compareText } from "../config/issue";
import type { LeftBehind, TakeOver } from "../config/takeOvers";
import { contractChanges } from "./contractLines";
import type { DatasetAccess, PushWhere } from "./datasetAccess";
import type { Grant } from "./grants";

export type ChangeKind = "added" | "removed" | "changed" | "unchanged";

/** One dataset's access compared between a base and the change under review. */
export interface DatasetChange {
  change: ChangeKind;
  access: DatasetAccess;
  /** Sentences only the change has. */
  added: string[];
  /** Sentences only the base has. */
  removed: string[];
  /** Grants only the change has. */
  grantsAdded: Grant[];
  /** Grants only the base has. */
  grantsRemoved: Grant[];
  /** An added dataset's bucket or prefix that a removed dataset left behind: that dataset. */
  takesOver?: LeftBehind;
}

const key = (a: DatasetAccess) => `${a.kind}:${a.name}`;
const grantKey = (g: Grant) => JSON.stringify([g.principal, g.grantedBy, g.actions, g.resources, g.conditions]);

/** The items of `list` whose key `other` lacks. */
function only<T>(list: readonly T[], other: readonly T[], keyOf: (item: T) => string): T[] {
  const keys = new Set(other.map(keyOf));
  return list.filter((item) => !keys.has(keyOf(item)));
}

/** What a change does to a push dataset's contract, in sentences of its own (src/report/contractLines.ts). */
function contractChangesOf(old: DatasetAccess, access: DatasetAccess): string[] {
  if (access.kind !== "push" || old.kind !== "push") return [];
  const [before, after] = [old.where as PushWhere, access.where as PushWhere];
  return contractChanges(after.exportPrefix, before.contract, after.contract);
}

/** Marks each added dataset that takes over what a removed dataset left behind (config/takeOvers). */
export function markTakeOvers(changes: readonly DatasetChange[], found: readonly TakeOver[]): DatasetChange[] {
  const from = new Map(found.map((t) => [`${t.dataset.kind}:${t.dataset.name}`, t.from]));
  return changes.map((c) => {
    const left = c.change === "added" ? from.get(key(c.access)) : undefined;
    return left ? { ...c, takesOver: left } : c;
  });
}

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
  const same = (l: string) => l;
  for (const [k, access] of after) {
    const old = before.get(k);
    const added = [...(old ? contractChangesOf(old, access) : []), ...only(access.lines, old?.lines ?? [], same)];
    const removed = only(old?.lines ?? [], access.lines, same);
    const grantsAdded = only(access.grants, old?.grants ?? [], grantKey);
    const grantsRemoved = only(old?.grants ?? [], access.grants, grantKey);
    const differs = added.length + removed.length + grantsAdded.length + grantsRemoved.length > 0;
    const change: ChangeKind = !old ? "added" : differs ? "changed" : "unchanged";
    changes.push({ change, access, added, removed, grantsAdded, grantsRemoved });
  }
  for (const [k, access] of before) {
    if (!after.has(k))
      changes.push({
        change: "removed",
        access,
        added: [],
        removed: access.lines,
        grantsAdded: [],
        grantsRemoved: access.grants,
      });
  }
  return changes.sort((a, b) => compareText(key(a.access), key(b.access)));
}
