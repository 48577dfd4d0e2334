import { GetTemplateCommand, type CloudFormationClient } from "@aws-sdk/client-cloudformation";
import type { Config } from "../config/config";
import type { Dataset } from "../config/dataset";
import type { Finding } from "./finding";

/** What the files say one stack should hold: its template, and which datasets each resource is for. */
export interface ExpectedStack {
  stackName: string;
  template: { Resources?: Record<string, unknown> };
  /** Logical id → the datasets (or users, by name) the resource belongs to: one, or several that share it. */
  owners: Record<string, readonly string[]>;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The deployed stacks match the files: each resource a dataset needs is deployed and unchanged.
 * Findings point at the dataset whose resource is missing or different; a stack not deployed at
 * all gets one finding per dataset it holds.
 */
export async function checkStacks(
  cfn: CloudFormationClient,
  expected: readonly ExpectedStack[],
  config: Config,
): Promise<Finding[]> {
  const byName = new Map<string, Dataset>([...config.push, ...config.pull].map((d) => [d.name, d]));
  const at = (owner: string) => {
    const d = byName.get(owner) ?? [...config.push, ...config.pull].find((x) => x.users.includes(owner));
    if (!d) return { file: "exports.settings.yaml", line: 1, column: 1 };
    return { file: d.file, ...(byName.has(owner) ? d.source.name : (d.source.users[owner] ?? d.source.name)) };
  };
  const findings: Finding[] = [];
  for (const stack of expected) {
    const owned = Object.entries(stack.owners);
    if (owned.length === 0) continue;
    const deployed = await cfn
      .send(new GetTemplateCommand({ StackName: stack.stackName, TemplateStage: "Original" }))
      .then(
        (out) => JSON.parse(out.TemplateBody ?? "{}") as { Resources?: Record<string, unknown> },
        (error: { name?: string; message?: string }) => {
          if (/does not exist/.test(error.message ?? "")) return undefined;
          throw error;
        },
      );
    if (!deployed) {
      for (const owner of new Set(owned.flatMap(([, owners]) => owners)))
        findings.push({
          ...at(owner),
          check: "stack-missing",
          message: `stack ${stack.stackName}, which holds ${owner}'s resources, is not deployed: merge and deploy, or run npx cdk deploy ${stack.stackName} --import-existing-resources`,
        });
      continue;
    }
    for (const [logicalId, owners] of owned) {
      const want = stack.template.Resources?.[logicalId];
      const have = deployed.Resources?.[logicalId];
      for (const owner of owners) {
        if (!have)
          findings.push({
            ...at(owner),
            check: "stack-drift",
            message: `${owner}'s resource ${logicalId} is not deployed in ${stack.stackName} yet: deploy the change`,
          });
        else if (!same(want, have))
          findings.push({
            ...at(owner),
            check: "stack-drift",
            message: `${owner}'s resource ${logicalId} in ${stack.stackName} differs from what the files say: deploy, or see npx cdk diff ${stack.stackName}`,
          });
      }
    }
  }
  return findings;
}
