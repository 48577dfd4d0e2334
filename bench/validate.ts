import { execFile } from "node:child_process";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { generateRepository } from "./generate";
import { median } from "./median";

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
  /** The lowest and highest of the rounds' own wall-time ratios: how far one round can be trusted. */
  ratioRange: [number, number];
  peakMiB: number;
  cliMs: number;
}

/**
 * Rounds of each size. Five rounds' medians still scattered from 1.19× to 1.39× at 1,000 files
 * within an hour for the same code on a quiet machine (each round's own from 0.9× to 2.2×).
 */
export const VALIDATE_ROUNDS = 9;

/**
 * validate vs bare read+YAML.parse of the same files, and the CLI's wall time, for each size.
 * The two take turns for `rounds` rounds (each a fresh process, the order swapped every round),
 * and the ratios are the medians of each round's own ratio: a busy moment on a shared machine
 * then falls on both sides of a ratio rather than on one (one round each, as before, gave 1.2× to
 * 2.2× for the same code at load 2).
 */
export async function benchValidate(sizes: number[], rounds = VALIDATE_ROUNDS): Promise<{ rows: ValidateRow[] }> {
  const rows: ValidateRow[] = [];
  for (const datasets of sizes) {
    const root = await generateRepository(datasets);
    try {
      const turns: { validate: WorkerResult; parse: WorkerResult }[] = [];
      for (let round = 0; round < rounds; round++) {
        const first = round % 2 === 0 ? "validate" : "parse";
        const a = await worker(root, first);
        const b = await worker(root, first === "validate" ? "parse" : "validate");
        turns.push(first === "validate" ? { validate: a, parse: b } : { validate: b, parse: a });
      }
      const of = (pick: (t: (typeof turns)[number]) => number) => median(turns.map(pick));
      const ratios = turns.map((t) => t.validate.medianMs / t.parse.medianMs);
      rows.push({
        datasets,
        validateMs: of((t) => t.validate.medianMs),
        parseMs: of((t) => t.parse.medianMs),
        ratio: of((t) => t.validate.medianMs / t.parse.medianMs),
        validateCpuMs: of((t) => t.validate.cpuMedianMs),
        parseCpuMs: of((t) => t.parse.cpuMedianMs),
        cpuRatio: of((t) => t.validate.cpuMedianMs / t.parse.cpuMedianMs),
        ratioRange: [Math.min(...ratios), Math.max(...ratios)],
        peakMiB: of((t) => t.validate.maxRssMiB),
        cliMs: await cliMs(["validate", "--root", root]),
      });
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  }
  return { rows };
}
