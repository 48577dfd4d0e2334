import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, "..");
const BIN = join(ROOT, "bin/exports.mjs");

/** The commands timed, each a fresh Node process started in the repository. */
const COMMANDS = {
  node: ["-e", "0"],
  help: [BIN, "--help"],
  validate: [BIN, "validate"],
  // How the CLI started before it was compiled: its TypeScript through tsx's loader.
  helpTsx: ["--import", "tsx", join(ROOT, "src/cli/main.ts"), "--help"],
  validateTsx: ["--import", "tsx", join(ROOT, "src/cli/main.ts"), "validate"],
} as const;
type Name = keyof typeof COMMANDS;

async function wallMs(args: readonly string[]): Promise<number> {
  const start = performance.now();
  await run(process.execPath, [...args], { cwd: ROOT });
  return performance.now() - start;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

export interface StartupResult {
  runs: number;
  medianMs: Record<Name, number>;
  /** Each command's median over `node -e 0`'s. */
  ratio: Record<Name, number>;
}

/**
 * Start-up of the CLI against Node's own (`node -e 0`), as a ratio measured in the same run.
 * The commands take turns, round after round, so a busy moment on a shared machine falls on all
 * of them rather than on one. A first round, not counted, builds the CLI if needed and warms the
 * file cache.
 */
export async function benchStartup(runs = 21): Promise<StartupResult> {
  const names = Object.keys(COMMANDS) as Name[];
  const times = Object.fromEntries(names.map((name) => [name, [] as number[]])) as Record<Name, number[]>;
  for (const name of names) await wallMs(COMMANDS[name]);
  for (let round = 0; round < runs; round++) for (const name of names) times[name].push(await wallMs(COMMANDS[name]));
  const medianMs = Object.fromEntries(names.map((name) => [name, median(times[name])])) as Record<Name, number>;
  const ratio = Object.fromEntries(names.map((name) => [name, medianMs[name] / medianMs.node])) as Record<Name, number>;
  return { runs, medianMs, ratio };
}
