// npm run bench: measures, prints a Markdown report and writes reports/bench.json.
import { mkdir, writeFile } from "node:fs/promises";
import { cpus, totalmem } from "node:os";
import { benchPlan } from "./plan";
import { benchValidate } from "./validate";

const machine = `${cpus()[0]?.model ?? "unknown CPU"}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
const f = (n: number, digits = 1) => n.toFixed(digits);

const validate = await benchValidate([10, 100, 1000]);
const lines = [
  `Machine: ${machine}`,
  "",
  "## validate (in process, median of 5; baseline = read + YAML.parse of the same files)",
  "",
  "| datasets | validate ms | baseline ms | ratio | peak RSS MiB | `exports validate` wall ms |",
  "|---:|---:|---:|---:|---:|---:|",
  ...validate.rows.map((r) => `| ${r.datasets} | ${f(r.validateMs)} | ${f(r.parseMs)} | ${f(r.ratio, 2)}× | ${f(r.peakMiB, 0)} | ${f(r.cliMs, 0)} |`),
  "",
  `CLI start-up alone (\`exports --help\`): ${f(validate.cliStartupMs, 0)} ms.`,
];
const plan = await benchPlan([10, 100, 1000]);
lines.push(
  "",
  "## plan and synth (fresh process each; n push + n pull datasets, five users each)",
  "",
  "| datasets of each kind | users | plan ms | plan peak MiB | synth + cdk-nag ms | synth peak MiB | stacks | resources |",
  "|---:|---:|---:|---:|---:|---:|---:|---:|",
  ...plan.map((r) => `| ${r.datasetsOfEachKind} | ${r.users} | ${f(r.planMs)} | ${f(r.planPeakMiB, 0)} | ${f(r.synthMs, 0)} | ${f(r.synthPeakMiB, 0)} | ${r.stacks} | ${r.resources} |`),
);
console.log(lines.join("\n"));
await mkdir("reports", { recursive: true });
await writeFile("reports/bench.json", JSON.stringify({ machine, validate, plan }, null, 2));
