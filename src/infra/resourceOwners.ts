import type { IConstruct } from "constructs";

/**
 * Which datasets (or platform users) each construct is for, recorded by the stacks as they make
 * them, so that `exports doctor` can point a finding about a deployed resource at the file to
 * change. Kept beside the construct tree, not in it: templates stay exactly as they are.
 */
const OWNERS = new WeakMap<IConstruct, readonly string[]>();

/** Records that `constructs` (and everything under them) are for the datasets or users `owners`. */
export function ownedBy(owners: readonly string[], ...constructs: IConstruct[]): void {
  for (const construct of constructs) OWNERS.set(construct, owners);
}

/** The datasets or users a construct is for: its own record, or its nearest scope's; none for shared ones. */
export function ownersOf(construct: IConstruct): readonly string[] {
  for (let c: IConstruct | undefined = construct; c; c = c.node.scope) {
    const found = OWNERS.get(c);
    if (found) return found;
  }
  return [];
}
