/** A `cdk import --resource-mapping` file: logical id → the identifier CloudFormation imports it by. */
export type ResourceMapping = Record<string, Record<string, string>>;

/** The property that identifies each type the platform adopts (resource-import-supported-resources.html). */
const IDENTIFIERS: Record<string, string> = {
  "AWS::S3::Bucket": "BucketName",
  "AWS::S3::BucketPolicy": "Bucket",
  "AWS::IAM::Role": "RoleName",
};

interface Resource {
  Type: string;
  Properties?: Record<string, unknown>;
  DeletionPolicy?: string;
}

/** A synthesized template, as far as adoption reads it. */
export interface Template {
  Resources?: Record<string, Resource>;
}

/**
 * The resource mapping of each stack, from templates synthesized for adoption (src/infra/adopting.ts):
 * every bucket, bucket policy and mover role, which are the resources marked Retain there, but
 * the delivery ledger's bucket (Object Lock) and its policy: the old deployment had no ledger, so
 * there is nothing to import, and the first deployment after the import creates them (decision 0017).
 * Stacks with nothing to adopt are left out.
 */
export function importMappings(
  templates: readonly { name: string; template: Template }[],
): Map<string, ResourceMapping> {
  const mappings = new Map<string, ResourceMapping>();
  for (const { name, template } of templates) {
    const mapping: ResourceMapping = {};
    const resources = Object.values(template.Resources ?? {});
    const ledgers = new Set(
      resources.filter((r) => r.Properties?.ObjectLockEnabled === true).map((r) => r.Properties?.BucketName),
    );
    for (const [id, resource] of Object.entries(template.Resources ?? {})) {
      const property = IDENTIFIERS[resource.Type];
      const value = property ? resource.Properties?.[property] : undefined;
      if (property && typeof value === "string" && resource.DeletionPolicy === "Retain" && !ledgers.has(value))
        mapping[id] = { [property]: value };
    }
    if (Object.keys(mapping).length > 0) mappings.set(name, mapping);
  }
  return mappings;
}
