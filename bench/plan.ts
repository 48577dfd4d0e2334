import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

export interface PlanRow {
  datasetsOfEachKind: number;
  users: number;
  planMs: number;
  planPeakMiB: number;
  synthMs: number;
  synthPeakMiB: number;
  stacks: number;
  resources: number;
}

async function measure(n: number, mode: "plan" | "synth") {
  const { stdout } = await run(
    "node",
    ["--import", "tsx", join(import.meta.dirname, "planWorker.ts"), String(n), String(n), mode],
    { maxBuffer: 1 << 20 },
  );
  return JSON.parse(stdout) as { ms: number; maxRssMiB: number; stacks: number; resources: number; users: number };
}

/** Plan, and plan + synthesis with cdk-nag, each in a fresh process, for n push and n pull datasets. */
export async function benchPlan(sizes: number[]): Promise<PlanRow[]> {
  const rows: PlanRow[] = [];
  for (const n of sizes) {
    const plan = await measure(n, "plan");
    const synth = await measure(n, "synth");
    rows.push({
      datasetsOfEachKind: n,
      users: plan.users,
      planMs: plan.ms,
      planPeakMiB: plan.maxRssMiB,
      synthMs: synth.ms,
      synthPeakMiB: synth.maxRssMiB,
      stacks: synth.stacks,
      resources: synth.resources,
    });
  }
  return rows;
}
