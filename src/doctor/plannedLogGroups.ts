import { templateResources, type SynthesizedStack } from "./plannedBuckets";

/** A named log group a deployment creates and keeps when its stack goes: where the template has it. */
export interface PlannedLogGroup {
  stackName: string;
  logicalId: string;
  logGroup: string;
}

/**
 * Every named, retained log group of the synthesized templates: those `cdk deploy
 * --import-existing-resources` adopts when one of the name exists ("The resource must have a
 * DeletionPolicy of Retain or RetainExceptOnCreate", https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/import-resources-automatically.html).
 * Read from the templates, as the buckets are (src/doctor/plannedBuckets.ts).
 */
export function plannedLogGroups(stacks: readonly SynthesizedStack[]): PlannedLogGroup[] {
  return templateResources(stacks).flatMap(({ stackName, logicalId, resource }) => {
    const logGroup = resource.Properties?.LogGroupName;
    const retained = resource.DeletionPolicy === "Retain" || resource.DeletionPolicy === "RetainExceptOnCreate";
    if (resource.Type !== "AWS::Logs::LogGroup" || typeof logGroup !== "string" || !retained) return [];
    return [{ stackName, logicalId, logGroup }];
  });
}
