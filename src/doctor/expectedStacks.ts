import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CfnElement, Stack } from "aws-cdk-lib";
import { buildApp } from "../infra/app";
import type { Plan } from "../plan/plan";
import type { ExpectedStack } from "./checkStacks";

/** The stacks the files ask for, synthesized offline, with the dataset or user each resource is for. */
export function expectedStacks(plan: Plan): ExpectedStack[] {
  const outdir = mkdtempSync(join(tmpdir(), "exports-doctor-"));
  try {
    const app = buildApp(plan, { outdir, bundle: false });
    const assembly = app.synth();
    const owners = new Set([
      ...plan.push.map((p) => p.dataset.name),
      ...plan.pull.map((p) => p.dataset.name),
      ...plan.users.map((u) => u.user),
    ]);
    return app.node.children
      .filter((c): c is Stack => c instanceof Stack && !c.stackName.endsWith("-Core"))
      .map((stack) => {
        const owned: Record<string, string> = {};
        for (const child of stack.node.children) {
          const owner = owners.has(child.node.id) ? child.node.id : child.node.id.replace(/Policy$/, "");
          if (!owners.has(owner)) continue;
          for (const element of child.node.findAll().filter((c): c is CfnElement => c instanceof CfnElement))
            owned[stack.getLogicalId(element)] = owner;
        }
        const template = assembly.getStackByName(stack.stackName).template as ExpectedStack["template"];
        return { stackName: stack.stackName, template, owners: owned };
      });
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
