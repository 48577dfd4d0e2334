import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CfnElement, Stack } from "aws-cdk-lib";
import { buildApp } from "../infra/app";
import { ownersOf } from "../infra/resourceOwners";
import type { Plan } from "../plan/plan";
import type { ExpectedStack } from "./checkStacks";

/**
 * Every stack the files ask for, the core stack included, synthesized offline, with the datasets or
 * users each resource is for, as the stacks recorded them (src/infra/resourceOwners.ts).
 */
export function synthesizedStacks(plan: Plan): ExpectedStack[] {
  const outdir = mkdtempSync(join(tmpdir(), "exports-doctor-"));
  try {
    // The templates are compared, not deployed: validating them is synth's job (AppOptions).
    const app = buildApp(plan, { outdir, bundle: false, validateTemplates: false });
    const assembly = app.synth();
    return app.node.children
      .filter((c): c is Stack => c instanceof Stack)
      .map((stack) => {
        const owned: Record<string, readonly string[]> = {};
        for (const element of stack.node.findAll().filter((c): c is CfnElement => c instanceof CfnElement)) {
          const owners = ownersOf(element);
          if (owners.length > 0) owned[stack.resolve(element.logicalId) as string] = owners;
        }
        const template = assembly.getStackByName(stack.stackName).template as ExpectedStack["template"];
        return { stackName: stack.stackName, template, owners: owned };
      });
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/**
 * The stacks whose resources are datasets' or users': every shard of every kind (Push, Pull,
 * Users, Notify) and the Federation stack. The core stack is no dataset's.
 */
export function expectedStacks(plan: Plan, stacks = synthesizedStacks(plan)): ExpectedStack[] {
  return stacks.filter((s) => !s.stackName.endsWith("-Core"));
}
