// One measurement in a fresh process, so peak memory belongs to it alone.
// argv: <root> <validate|parse> <iterations>; prints JSON {medianMs, maxRssMiB}.
import { readFile, readdir } from "node:fs/promises";
import { join } from "node:path";
import { parse } from "yaml";
import { loadConfig } from "../src/config/loadConfig";

const [root = ".", mode = "validate", iterations = "5"] = process.argv.slice(2);

/** The baseline: read every dataset file (concurrently, as loadConfig does) and parse its YAML, with no validation. */
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

const times: number[] = [];
for (let i = 0; i < Number(iterations); i++) {
  const start = performance.now();
  await (mode === "parse" ? parseOnly() : validate());
  times.push(performance.now() - start);
}
times.sort((a, b) => a - b);
const medianMs = times[Math.floor(times.length / 2)] ?? 0;
console.log(JSON.stringify({ medianMs, maxRssMiB: process.resourceUsage().maxRSS / 1024 }));
