import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { loadavg } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { median } from "./median";

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, "..");
const BIN = join(ROOT, "bin/exports.cjs");

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

/**
 * CPU time (ms, user and system) of this process's children that have ended, from Linux's
 * /proc/self/stat (cutime and cstime, in clock ticks of 10 ms); undefined elsewhere. Summed over
 * every round it gives a command's mean CPU time, which other work on a shared machine disturbs
 * less than its wall time.
 */
function childrenCpuMs(): number | undefined {
  try {
    const fields = readFileSync("/proc/self/stat", "utf8")
      .replace(/^.*\) /s, "")
      .split(" ");
    // After the command's name: state is field 3, cutime field 16 and cstime field 17.
    return (Number(fields[13]) + Number(fields[14])) * 10;
  } catch {
    return undefined;
  }
}

async function wallMs(args: readonly string[]): Promise<{ wall: number; cpu: number | undefined }> {
  const cpuStart = childrenCpuMs();
  const start = performance.now();
  await run(process.execPath, [...args], { cwd: ROOT });
  const wall = performance.now() - start;
  const cpuEnd = childrenCpuMs();
  return { wall, cpu: cpuStart === undefined || cpuEnd === undefined ? undefined : cpuEnd - cpuStart };
}

export interface StartupResult {
  runs: number;
  medianMs: Record<Name, number>;
  /** Each command's median over `node -e 0`'s. */
  ratio: Record<Name, number>;
  /** Each command's mean CPU time (user and system), where the system says it (Linux). */
  cpuMs?: Record<Name, number>;
  /** Each command's mean CPU time over `node -e 0`'s. */
  cpuRatio?: Record<Name, number>;
  /** The load average (1, 5, 15 minutes) when the measurement started. */
  load: number[];
}

/**
 * Start-up of the CLI against Node's own (`node -e 0`), as a ratio measured in the same run.
 * The commands take turns, round after round, so a busy moment on a shared machine falls on all
 * of them rather than on one. A first round, not counted, builds the CLI if needed and warms the
 * file cache.
 */
export async function benchStartup(runs = 21): Promise<StartupResult> {
  const load = loadavg();
  const names = Object.keys(COMMANDS) as Name[];
  const times = Object.fromEntries(names.map((name) => [name, [] as number[]])) as Record<Name, number[]>;
  const cpu = Object.fromEntries(names.map((name) => [name, 0])) as Record<Name, number>;
  let cpuKnown = true;
  for (const name of names) await wallMs(COMMANDS[name]);
  for (let round = 0; round < runs; round++)
    for (const name of names) {
      const { wall, cpu: used } = await wallMs(COMMANDS[name]);
      times[name].push(wall);
      if (used === undefined) cpuKnown = false;
      else cpu[name] += used / runs;
    }
  const medianMs = Object.fromEntries(names.map((name) => [name, median(times[name])])) as Record<Name, number>;
  const ratio = Object.fromEntries(names.map((name) => [name, medianMs[name] / medianMs.node])) as Record<Name, number>;
  if (!cpuKnown) return { runs, medianMs, ratio, load };
  const cpuRatio = Object.fromEntries(names.map((name) => [name, cpu[name] / cpu.node])) as Record<Name, number>;
  return { runs, medianMs, ratio, cpuMs: cpu, cpuRatio, load };
}
