import { resolve } from "node:path";
import { buildApp } from "../../infra/app";
import { loadPlan } from "../loadPlan";
import type { Output } from "../output";

export interface SynthOptions {
  root: string;
  out: string;
  /** The moment the templates are for: datasets past their expires grant nothing. */
  now?: Date;
}

/**
 * `exports synth`: the CloudFormation templates for the datasets, offline (no AWS credentials),
 * the mover bundled with esbuild, and cdk-nag's checks applied: a finding nobody acknowledged fails.
 */
export async function synthCommand(options: SynthOptions, out: Output): Promise<number> {
  const loaded = await loadPlan("synth", options.root, out, options.now);
  if ("code" in loaded) return loaded.code;
  const outdir = resolve(options.out);
  const app = buildApp(loaded.plan, { outdir, nag: true });
  let assembly;
  try {
    assembly = app.synth();
  } catch (error) {
    out.stderr(`${(error as Error).message}\nexports synth: the templates did not pass cdk-nag's checks (above).\n`);
    return 1;
  }
  const resources = assembly.stacks.reduce(
    (n, s) => n + Object.keys((s.template as { Resources?: object }).Resources ?? {}).length,
    0,
  );
  out.stdout(`Synthesized ${assembly.stacks.length} stacks (${resources} resources) into ${outdir}\n`);
  return 0;
}
