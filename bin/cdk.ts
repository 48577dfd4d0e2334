// The AWS CDK app entry point for `npx cdk synth|diff|deploy`, run at the repository root.
import { loadConfig } from "../src/config/loadConfig";
import { buildApp } from "../src/infra/app";
import { buildPlan } from "../src/plan/plan";

const loaded = await loadConfig(".");
const planned = buildPlan(loaded.value);
const errors = [...loaded.errors, ...planned.errors];
if (errors.length > 0) {
  for (const e of errors) console.error(`${e.file}:${e.line}:${e.column}: ${e.message} [${e.rule}]`);
  console.error("The dataset files have errors; run npx exports validate.");
  process.exit(1);
}
buildApp(planned.value, { outdir: process.env.CDK_OUTDIR ?? "cdk.out", nag: true }).synth();
