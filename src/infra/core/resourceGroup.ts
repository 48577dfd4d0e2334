import { Names, type CfnElement, type Stack } from "aws-cdk-lib";
import { Construct, type IConstruct } from "constructs";

/**
 * A construct that names a part of a stack (the export bucket, the mover, the sweep) without
 * entering the logical ids of what it holds: a stack that allocates ids with `groupFreeLogicalId`
 * gives each resource the id it had before the groups existed, so regrouping replaces nothing.
 * https://docs.aws.amazon.com/cdk/v2/guide/identifiers.html#identifiers_logical_ids
 */
export class ResourceGroup extends Construct {}

/**
 * The logical id CDK would give `element` if no ResourceGroup stood in its path. Construct ids
 * that embed another construct's unique id (an EventBridge rule's permission embeds its
 * function's) are rewritten the same way.
 */
export function groupFreeLogicalId(stack: Stack, element: CfnElement): string {
  const renames = stack.node
    .findAll()
    .filter((c) => c.node.scopes.some((s) => s instanceof ResourceGroup))
    .map((c) => [Names.nodeUniqueId(c.node), uniqueIdOf([stack.node.id, ...groupFreePath(stack, c)])] as const);
  const path = groupFreePath(stack, element).map((id) =>
    renames.reduce((renamed, [grouped, free]) => renamed.replace(grouped, free), id),
  );
  return uniqueIdOf(path);
}

/** The ids from below the stack down to `construct`, groups left out. */
function groupFreePath(stack: Stack, construct: IConstruct): string[] {
  const scopes = construct.node.scopes;
  return scopes
    .slice(scopes.indexOf(stack) + 1)
    .filter((s) => !(s instanceof ResourceGroup))
    .map((s) => s.node.id);
}

/** CDK's own unique id of a path (`Names.uniqueId`), computed on a detached tree of that path. */
function uniqueIdOf(path: readonly string[]): string {
  let scope = new Construct(undefined as unknown as Construct, "");
  for (const id of path) scope = new Construct(scope, id);
  return Names.uniqueId(scope);
}
