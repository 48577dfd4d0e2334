/**
 * A model of what CloudFormation does with each resource when a stack's template changes, from
 * the templates alone: enough to show that every step of a dataset's life deploys.
 *
 * What it relies on (AWS CloudFormation User Guide):
 * - a resource whose logical id leaves the template is deleted, unless its DeletionPolicy is
 *   Retain (aws-attribute-deletionpolicy.html); new resources are created before old ones are
 *   removed, in the update's clean-up phase (using-cfn-updating-stacks-update-behaviors.html);
 * - a named resource whose name is taken cannot be created ("already exists"), unless the change
 *   set imports existing resources (--import-existing-resources), which needs a static name and a
 *   DeletionPolicy of Retain or RetainExceptOnCreate (import-resources-automatically.html);
 * - changing a resource's name replaces it (aws-properties-s3-bucket.html#cfn-s3-bucket-bucketname,
 *   aws-resource-iam-role.html#cfn-iam-role-rolename).
 */

export interface TemplateResource {
  Type: string;
  Properties?: Record<string, unknown>;
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
  DependsOn?: string | string[];
}
export type Templates = { name: string; template: { Resources?: Record<string, TemplateResource> } }[];

export type Action = "create" | "import" | "update" | "replace" | "delete" | "retain" | "unchanged";

/** The physical name CloudFormation would give a resource, for the types this app names. */
export function physicalName(resource: TemplateResource): string | undefined {
  const p = resource.Properties ?? {};
  if (resource.Type === "AWS::S3::Bucket") return p.BucketName as string;
  if (resource.Type === "AWS::IAM::Role") return p.RoleName as string | undefined;
  // A bucket holds one policy: the bucket's name is the policy's identity.
  if (resource.Type === "AWS::S3::BucketPolicy") return p.Bucket as string;
  return undefined;
}

/** Every resource of every stack by `stack/logicalId`. */
export function resourcesOf(templates: Templates): Map<string, TemplateResource> {
  const all = new Map<string, TemplateResource>();
  for (const { name, template } of templates)
    for (const [id, resource] of Object.entries(template.Resources ?? {})) all.set(`${name}/${id}`, resource);
  return all;
}

/** What exists in the account: `type:name` of every named resource. */
export type World = Set<string>;
const key = (r: TemplateResource) => `${r.Type}:${physicalName(r)}`;
const retained = (r: TemplateResource) => r.DeletionPolicy === "Retain" || r.DeletionPolicy === "RetainExceptOnCreate";

/**
 * One deployment from `before` to `after` in an account holding `world`: the action on each
 * resource, the failures CloudFormation would report, and the account afterwards.
 */
export function deploy(before: Templates, after: Templates, world: World, options: { importExisting: boolean }) {
  const old = resourcesOf(before);
  const next = resourcesOf(after);
  const actions = new Map<string, Action>();
  const failures: string[] = [];
  const result = new Set(world);
  // Creates and updates first; removals last, in the clean-up phase.
  for (const [id, resource] of next) {
    const was = old.get(id);
    if (was && was.Type === resource.Type && physicalName(was) === physicalName(resource)) {
      const same = JSON.stringify(was.Properties ?? {}) === JSON.stringify(resource.Properties ?? {});
      actions.set(id, same ? "unchanged" : "update");
      continue;
    }
    const name = physicalName(resource);
    const taken = name !== undefined && result.has(key(resource));
    if (taken && options.importExisting && retained(resource)) actions.set(id, was ? "replace" : "import");
    else if (taken) failures.push(`${id}: ${resource.Type} ${name} already exists`);
    else actions.set(id, was ? "replace" : "create");
    if (name !== undefined) result.add(key(resource));
    if (was && was.UpdateReplacePolicy !== "Retain" && physicalName(was) !== undefined) result.delete(key(was));
  }
  for (const [id, resource] of old) {
    if (next.has(id)) continue;
    actions.set(id, retained(resource) ? "retain" : "delete");
    if (!retained(resource) && physicalName(resource) !== undefined) result.delete(key(resource));
  }
  return { actions, failures, world: result };
}
