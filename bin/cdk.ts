// The AWS CDK app entry point for `npx cdk synth|diff|deploy`, run at the repository root.
import { loadPlan } from "../src/cli/loadPlan";
import { buildApp } from "../src/infra/app";

const loaded = await loadPlan(
  "cdk",
  ".",
  { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) },
  new Date(),
);
if ("code" in loaded) process.exit(loaded.code);
buildApp(loaded.plan, { outdir: process.env.CDK_OUTDIR ?? "cdk.out", nag: true }).synth();
