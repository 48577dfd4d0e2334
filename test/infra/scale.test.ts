import { statSync } from "node:fs";
import { CfnElement, Stack, type App } from "aws-cdk-lib";
import { beforeAll, describe, expect, it } from "vitest";
import { generateTexts } from "../../bench/generate";
import { buildApp } from "../../src/infra/app";
import { ROLE_INLINE_POLICY_LIMIT, buildPlan } from "../../src/plan/plan";
import { configOf, synthesize } from "../synth";

const RESOURCES_PER_STACK = 500;
const TEMPLATE_BYTES = 1_000_000;

/** Where each dataset's and user's main resource lives: stack name and logical id. */
function placements(app: App): Map<string, string> {
  const found = new Map<string, string>();
  for (const stack of app.node.children.filter((c): c is Stack => c instanceof Stack)) {
    if (stack.stackName.endsWith("-Core")) continue;
    for (const child of stack.node.children) {
      const element = child.node.findAll().find((c): c is CfnElement => c instanceof CfnElement);
      if (element) found.set(child.node.id, `${stack.stackName}/${stack.getLogicalId(element)}`);
    }
  }
  return found;
}

describe("at the scale of 1,000 push and 1,000 pull datasets with 2,000 users", () => {
  const texts = generateTexts(1000, 1000, 2000);
  let synth: ReturnType<typeof synthesize>;

  beforeAll(() => {
    synth = synthesize(configOf(texts));
  }, 300_000);

  it("keeps every stack within CloudFormation's limits", () => {
    expect(synth.plan.users).toHaveLength(2000);
    for (const { name, template, file } of synth.templates) {
      expect(Object.keys(template.Resources ?? {}).length, name).toBeLessThanOrEqual(RESOURCES_PER_STACK);
      expect(statSync(file).size, name).toBeLessThanOrEqual(TEMPLATE_BYTES);
    }
  });

  it("keeps every user's policy within IAM's inline limit", () => {
    for (const user of synth.plan.users)
      expect(user.policySize, user.user).toBeLessThanOrEqual(ROLE_INLINE_POLICY_LIMIT);
  });

  it("moves no other dataset's resources, nor changes their logical ids, when one is added and one removed", () => {
    const before = placements(synth.app);
    const changed = [...texts.slice(1), ...generateTexts(1001, 0, 2000).slice(1000, 1001)];
    // The construct tree decides stacks and logical ids; no need to write templates for it.
    const after = placements(buildApp(buildPlan(configOf(changed)).value, { outdir: synth.outdir, bundle: false }));
    const removed = texts[0]?.path.split("/")[1]?.replace(".yaml", "") as string;
    const { push, pull } = configOf(texts);
    const owned = [
      ...push.map((d) => d.name),
      ...pull.flatMap((d) => [d.name, `${d.name}Policy`]),
      ...synth.plan.users.map((u) => u.user),
    ].filter((id) => id !== removed);
    for (const id of owned) expect(after.get(id), id).toBe(before.get(id));
    expect(owned).toHaveLength(999 + 1000 * 2 + 2000);
    expect(after.has(removed)).toBe(false);
    expect(after.has("push_dataset_1000")).toBe(true);
  }, 60_000);
});
