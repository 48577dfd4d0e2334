import { execFile } from "node:child_process";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { generateRepository } from "./generate";

const run = promisify(execFile);
const HERE = import.meta.dirname;
const BIN = join(HERE, "../bin/exports.cjs");

interface WorkerResult {
  medianMs: number;
  cpuMedianMs: number;
  maxRssMiB: number;
}

async function worker(root: string, mode: "validate" | "parse"): Promise<WorkerResult> {
  const { stdout } = await run("node", ["--import", "tsx", join(HERE, "validateWorker.ts"), root, mode, "5"]);
  return JSON.parse(stdout) as WorkerResult;
}

/** Median wall time of the whole command, start-up included, as a person or CI would run it. */
async function cliMs(args: string[], runs = 5): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await run("node", [BIN, ...args]).catch((e: { code?: number }) => {
      if (e.code !== 0) throw e;
    });
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)] ?? 0;
}

export interface ValidateRow {
  datasets: number;
  validateMs: number;
  parseMs: number;
  ratio: number;
  /** The same in CPU time (user and system), which a shared machine's load disturbs less. */
  validateCpuMs: number;
  parseCpuMs: number;
  cpuRatio: number;
  peakMiB: number;
  cliMs: number;
}

/** validate vs bare read+YAML.parse of the same files, and the CLI's wall time, for each size. */
export async function benchValidate(sizes: number[]): Promise<{ rows: ValidateRow[] }> {
  const rows: ValidateRow[] = [];
  for (const datasets of sizes) {
    const root = await generateRepository(datasets);
    try {
      const validate = await worker(root, "validate");
      const parse = await worker(root, "parse");
      rows.push({
        datasets,
        validateMs: validate.medianMs,
        parseMs: parse.medianMs,
        ratio: validate.medianMs / parse.medianMs,
        validateCpuMs: validate.cpuMedianMs,
        parseCpuMs: parse.cpuMedianMs,
        cpuRatio: validate.cpuMedianMs / parse.cpuMedianMs,
        peakMiB: validate.maxRssMiB,
        cliMs: await cliMs(["validate", "--root", root]),
      });
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  }
  return { rows };
}
