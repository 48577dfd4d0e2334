// One plan-and-synth measurement in a fresh process, so peak memory is its own.
// argv: <push> <pull> <mode: plan|synth>; prints JSON {ms, maxRssMiB, stacks, resources}.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEFAULT_SETTINGS } from "../src/config/settings";
import { validateConfig } from "../src/config/validateConfig";
import { buildApp } from "../src/infra/app";
import { buildPlan } from "../src/plan/plan";
import { generateTexts } from "./generate";

const [push = "10", pull = "10", mode = "plan"] = process.argv.slice(2);
const config = validateConfig(DEFAULT_SETTINGS, generateTexts(Number(push), Number(pull), 2000)).value;

const start = performance.now();
const plan = buildPlan(config).value;
let stacks = 0;
let resources = 0;
if (mode === "synth") {
  const outdir = mkdtempSync(join(tmpdir(), "exports-bench-synth-"));
  // As `exports synth` does it, with cdk-nag; bundling is left out, being the same at every size.
  const assembly = buildApp(plan, { outdir, nag: true, bundle: false }).synth();
  stacks = assembly.stacks.length;
  resources = assembly.stacks.reduce(
    (n, s) => n + Object.keys((s.template as { Resources?: object }).Resources ?? {}).length,
    0,
  );
  rmSync(outdir, { recursive: true, force: true });
}
const ms = performance.now() - start;
console.log(
  JSON.stringify({ ms, maxRssMiB: process.resourceUsage().maxRSS / 1024, stacks, resources, users: plan.users.length }),
);
