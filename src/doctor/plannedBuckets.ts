import { DATASET_TAG } from "../infra/datasetTag";

/** A named bucket a deployment would create: where the template has it, and the tag it gives it. */
export interface PlannedBucket {
  stackName: string;
  logicalId: string;
  bucket: string;
  /** The value of DATASET_TAG the template gives it: the pull dataset's name, or a `platform:` value. */
  tag: string;
}

/** A resource of a synthesized template, as far as the adoption checks read it. */
export interface TemplateResource {
  Type?: string;
  DeletionPolicy?: string;
  Properties?: { BucketName?: unknown; Tags?: unknown; LogGroupName?: unknown };
}

/** A synthesized stack: its name and template. */
export type SynthesizedStack = { stackName: string; template: { Resources?: Record<string, unknown> } };

/** Each resource of each template, with its stack and logical id: what the planned-resource readers go through. */
export function templateResources(stacks: readonly SynthesizedStack[]) {
  return stacks.flatMap(({ stackName, template }) =>
    Object.entries((template.Resources ?? {}) as Record<string, TemplateResource>).map(([logicalId, resource]) => ({
      stackName,
      logicalId,
      resource,
    })),
  );
}

/**
 * Every named bucket of the synthesized templates, with its dataset tag. Read from the templates,
 * not the plan, so that whatever the deployment creates is checked, whichever construct made it.
 * A named bucket without the tag throws: every bucket the platform creates carries one
 * (src/infra/hardenedBucket.ts), and one without could never be told from a stranger's.
 */
export function plannedBuckets(stacks: readonly SynthesizedStack[]): PlannedBucket[] {
  return templateResources(stacks).flatMap(({ stackName, logicalId, resource }) => {
    const bucket = resource.Properties?.BucketName;
    if (resource.Type !== "AWS::S3::Bucket" || typeof bucket !== "string") return [];
    const tags = (resource.Properties?.Tags ?? []) as { Key?: string; Value?: string }[];
    const tag = tags.find((t) => t.Key === DATASET_TAG)?.Value;
    if (tag === undefined) throw new Error(`bucket ${bucket} (${stackName}/${logicalId}) has no ${DATASET_TAG} tag`);
    return [{ stackName, logicalId, bucket, tag }];
  });
}
