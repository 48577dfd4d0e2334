import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Stack } from "aws-cdk-lib";
import type { Config } from "../src/config/config";
import type * as expectedStacksModule from "../src/doctor/expectedStacks";
import { loadConfig } from "../src/config/loadConfig";
import { DEFAULT_SETTINGS } from "../src/config/settings";
import type { DatasetText } from "../src/config/dataset";
import { validateConfig } from "../src/config/validateConfig";
import { buildApp } from "../src/infra/app";
import { buildPlan } from "../src/plan/plan";
import type { PolicyDocument } from "../src/plan/policyDocument";

export const REPO = join(import.meta.dirname, "..");

/** The repository's own datasets. */
export async function repoConfig(): Promise<Config> {
  const result = await loadConfig(REPO);
  if (result.errors.length > 0) throw new Error(result.errors[0]?.message);
  return result.value;
}

/** A config from dataset texts, which must be valid. */
export function configOf(texts: readonly DatasetText[], settings = DEFAULT_SETTINGS): Config {
  const result = validateConfig(settings, texts);
  if (result.errors.length > 0) throw new Error(`${result.errors[0]?.file}: ${result.errors[0]?.message}`);
  return result.value;
}

type Template = {
  Resources?: Record<string, { Type: string; Properties?: Record<string, unknown>; DeletionPolicy?: string }>;
};

/**
 * Synthesizes the app for a config (at `now`, if given): the stacks, their templates and the cloud
 * assembly's folder. With `nag`, synthesis runs every check `cdk synth` runs (cdk-nag and CDK's
 * own template validation), whose report test/infra/app.test.ts reads; without it, no check runs:
 * the templates are the same, and CDK's validation alone took 60% of a synthesis.
 */
export function synthesize(config: Config, options: { nag?: boolean; bundle?: boolean; now?: Date } = {}) {
  const plan = buildPlan(config, options.now).value;
  const outdir = mkdtempSync(join(tmpdir(), "exports-synth-"));
  const nag = options.nag ?? false;
  const app = buildApp(plan, { outdir, nag, bundle: options.bundle ?? false, validateTemplates: nag });
  const assembly = app.synth();
  const stacks = app.node.children.filter((c): c is Stack => "templateOptions" in c);
  const templates = assembly.stacks.map((s) => ({
    name: s.stackName,
    template: s.template as Template,
    file: join(outdir, s.templateFile),
  }));
  return { plan, app, stacks, templates, outdir };
}

/** The policies as deployed: read back out of the synthesized templates, not taken from the plan. */
export function deployedPolicies(templates: { template: Template }[]) {
  const users = new Map<string, PolicyDocument>();
  const buckets = new Map<string, PolicyDocument>();
  const roles = new Map<string, { trust: PolicyDocument; policy: PolicyDocument }>();
  for (const { template } of templates) {
    for (const resource of Object.values(template.Resources ?? {})) {
      const p = resource.Properties ?? {};
      if (resource.Type === "Custom::PlatformUserPolicy") {
        const call = JSON.parse(p.Create as string) as { parameters: { RoleName: string; PolicyDocument: string } };
        users.set(call.parameters.RoleName, JSON.parse(call.parameters.PolicyDocument) as PolicyDocument);
      } else if (resource.Type === "AWS::S3::BucketPolicy") {
        buckets.set(p.Bucket as string, p.PolicyDocument as PolicyDocument);
      } else if (
        resource.Type === "AWS::IAM::Role" &&
        typeof p.RoleName === "string" &&
        p.RoleName.startsWith("export_")
      ) {
        const policies = p.Policies as { PolicyDocument: PolicyDocument }[];
        roles.set(p.RoleName, {
          trust: p.AssumeRolePolicyDocument as PolicyDocument,
          policy: policies[0]?.PolicyDocument as PolicyDocument,
        });
      }
    }
  }
  return { users, buckets, roles };
}

/**
 * `src/doctor/expectedStacks` with each plan synthesized once for the test file, for commands that
 * synthesize on every run (`exports doctor`, `exports check-deploy`) and are run many times on the
 * same files: `vi.mock("…/src/doctor/expectedStacks", async (real) => (await import("…/synth")).synthesizingOnce(await real()))`.
 * Synthesis is deterministic for a plan, and a plan that differs in anything is synthesized anew;
 * each run gets its own copy of the stacks, so no run sees what another changed.
 */
export function synthesizingOnce(real: typeof expectedStacksModule): typeof expectedStacksModule {
  const synthesized = new Map<string, ReturnType<typeof real.synthesizedStacks>>();
  return {
    ...real,
    synthesizedStacks: (plan) => {
      const key = JSON.stringify(plan);
      const stacks = synthesized.get(key) ?? real.synthesizedStacks(plan);
      synthesized.set(key, stacks);
      return structuredClone(stacks);
    },
  };
}
