import { buildApp } from "../../infra/app";
import { writeFolderAtomically } from "../atomicOutput";
import { loadPlan } from "../loadPlan";
import type { Output } from "../output";

export interface SynthOptions {
  root: string;
  out: string;
  /** The moment the templates are for: datasets past their expires grant nothing. */
  now?: Date;
}

/** A cdk-nag finding nobody acknowledged: CDK's policy validation, which prints its own report. */
const isValidationFailure = (error: Error) => /Validation failed|AwsSolutions-/.test(error.message);

/**
 * `exports synth`: the CloudFormation templates for the datasets, offline (no AWS credentials),
 * the mover bundled with esbuild, and cdk-nag's checks applied: a finding nobody acknowledged fails.
 * The output folder is replaced whole or not at all.
 */
export async function synthCommand(options: SynthOptions, out: Output): Promise<number> {
  const loaded = await loadPlan("synth", options.root, out, options.now);
  if ("code" in loaded) return loaded.code;
  let summary: { stacks: number; resources: number };
  try {
    summary = await writeFolderAtomically(options.out, (outdir) => {
      const assembly = buildApp(loaded.plan, { outdir, nag: true }).synth();
      const resources = assembly.stacks.reduce(
        (n, s) => n + Object.keys((s.template as { Resources?: object }).Resources ?? {}).length,
        0,
      );
      return { stacks: assembly.stacks.length, resources };
    });
  } catch (error) {
    const problem = error as Error;
    if (isValidationFailure(problem)) {
      out.stderr(
        `exports synth: the templates did not pass cdk-nag's checks (the report above); ${options.out} was left as it was.\n`,
      );
      return 1;
    }
    // Whatever else: one line, no stack trace; validate should have refused any input that gets here.
    out.stderr(`exports synth: ${problem.message.split("\n")[0] ?? ""}\n`);
    return 2;
  }
  out.stdout(`Synthesized ${summary.stacks} stacks (${summary.resources} resources) into ${options.out}\n`);
  return 0;
}
