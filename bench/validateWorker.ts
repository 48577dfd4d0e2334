// One measurement in a fresh process, so peak memory belongs to it alone.
// argv: <root> <validate|parse> <iterations>; prints JSON {medianMs, cpuMedianMs, maxRssMiB}.
import { readFile, readdir } from "node:fs/promises";
import { join } from "node:path";
import { parse } from "yaml";
import { loadConfig } from "../src/config/loadConfig";
import { median } from "./median";

const [root = ".", mode = "validate", iterations = "5"] = process.argv.slice(2);

/**
 * The baseline: read every dataset file (concurrently with fs/promises, as loadConfig did until issue
 * 25; kept as it was so that ratios compare across issues) and parse its YAML, with no validation.
 */
async function parseOnly(): Promise<void> {
  for (const folder of ["push_datasets", "pull_datasets"]) {
    const texts = await Promise.all(
      (await readdir(join(root, folder))).map((name) => readFile(join(root, folder, name), "utf8")),
    );
    for (const text of texts) parse(text);
  }
}

async function validate(): Promise<void> {
  const result = await loadConfig(root);
  if (result.errors.length > 0) throw new Error(`generated datasets should be valid: ${result.errors[0]?.message}`);
}

// CPU time (user and system, every thread of the process) beside wall time: on a machine shared
// with other work, wall time grows with the others' load, and CPU time much less.
const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};
const times: number[] = [];
const cpuTimes: number[] = [];
for (let i = 0; i < Number(iterations); i++) {
  const start = performance.now();
  const cpuStart = cpuMs();
  await (mode === "parse" ? parseOnly() : validate());
  times.push(performance.now() - start);
  cpuTimes.push(cpuMs() - cpuStart);
}
console.log(
  JSON.stringify({
    medianMs: median(times),
    cpuMedianMs: median(cpuTimes),
    maxRssMiB: process.resourceUsage().maxRSS / 1024,
  }),
);
