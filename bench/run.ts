// npm run bench: measures, prints a Markdown report and writes reports/bench.json.
// npm run bench -- startup plan: only the parts named (startup, validate, plan, mover, contracts, ledger, e2e).
import { mkdir, writeFile } from "node:fs/promises";
import { cpus, loadavg, totalmem } from "node:os";
import { benchContracts } from "./contracts";
import { benchEndToEnd } from "./e2e";
import { benchLedger } from "./ledger";
import { benchBundle, benchMover } from "./mover";
import { benchPlan } from "./plan";
import { benchStartup } from "./startup";
import { VALIDATE_ROUNDS, benchValidate } from "./validate";
import { MAX_OBJECT, MIB, partsFor } from "../src/mover/parts";
import { median } from "./median";

const machine = `${cpus()[0]?.model ?? "unknown CPU"}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
const f = (n: number, digits = 1) => n.toFixed(digits);
const lines = [`Machine: ${machine}`];
const results: Record<string, unknown> = { machine };

const parts = {
  async startup() {
    const startup = await benchStartup();
    results.startup = startup;
    const cpu = (name: keyof typeof startup.medianMs) =>
      startup.cpuMs && startup.cpuRatio ? ` ${f(startup.cpuMs[name], 0)} | ${f(startup.cpuRatio[name], 2)}× |` : " | |";
    const row = (label: string, name: keyof typeof startup.medianMs) =>
      `| ${label} | ${f(startup.medianMs[name], 0)} | ${f(startup.ratio[name], 2)}× |${cpu(name)}`;
    lines.push(
      "",
      `## CLI start-up (a fresh process each, in the repository; medians of ${startup.runs} turns, CPU their mean; load average ${startup.load.map((x) => x.toFixed(1)).join(" ")} at the start)`,
      "",
      "| command | wall ms | ÷ `node -e 0` | CPU ms | ÷ `node -e 0` |",
      "|---|---:|---:|---:|---:|",
      row("`node -e 0`", "node"),
      row("`exports --help`", "help"),
      row("`exports validate`", "validate"),
      row("`exports --help` through tsx's loader (the former start-up)", "helpTsx"),
      row("`exports validate` through tsx's loader (the former start-up)", "validateTsx"),
    );
  },
  async validate() {
    const load = loadavg();
    const validate = await benchValidate([10, 100, 1000]);
    results.validate = validate;
    lines.push(
      "",
      `## validate (in process, median of 5, in ${VALIDATE_ROUNDS} rounds taking turns with the baseline, ratios the medians of the rounds' own; baseline = read + YAML.parse of the same files; load average ${load.map((x) => x.toFixed(1)).join(" ")} at the start)`,
      "",
      "| datasets | validate ms | baseline ms | ratio | rounds' ratios | validate CPU ms | baseline CPU ms | CPU ratio | peak RSS MiB | `exports validate` wall ms |",
      "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
      ...validate.rows.map(
        (r) =>
          `| ${r.datasets} | ${f(r.validateMs)} | ${f(r.parseMs)} | ${f(r.ratio, 2)}× | ${f(r.ratioRange[0], 2)}–${f(r.ratioRange[1], 2)}× | ${f(r.validateCpuMs)} | ${f(r.parseCpuMs)} | ${f(r.cpuRatio, 2)}× | ${f(r.peakMiB, 0)} | ${f(r.cliMs, 0)} |`,
      ),
    );
  },
  async plan() {
    const plan = await benchPlan([10, 100, 1000]);
    results.plan = plan;
    lines.push(
      "",
      "## plan and synth (fresh process each; n push + n pull datasets, five users each)",
      "",
      "| datasets of each kind | users | plan ms | plan peak MiB | synth + cdk-nag ms | synth peak MiB | stacks | resources |",
      "|---:|---:|---:|---:|---:|---:|---:|---:|",
      ...plan.map(
        (r) =>
          `| ${r.datasetsOfEachKind} | ${r.users} | ${f(r.planMs)} | ${f(r.planPeakMiB, 0)} | ${f(r.synthMs, 0)} | ${f(r.synthPeakMiB, 0)} | ${r.stacks} | ${r.resources} |`,
      ),
    );
  },
  async mover() {
    const bundle = await benchBundle();
    const mover = await benchMover();
    Object.assign(results, { bundle, mover });
    const pct = (a: number, b: number) => `${Math.round((100 * a) / b)}%`;
    const load = (l: number[]) => l.map((x) => x.toFixed(1)).join(" ");
    const r = mover.requests;
    const kinds = [
      ...new Set(Object.values(r).flatMap((x: { byKind: Record<string, number> }) => Object.keys(x.byKind))),
    ].sort();
    const requestRow = (label: string, x: { byKind: Record<string, number>; total: number }) =>
      `| ${label} | ${f(x.total, 2)} | ${kinds.map((k) => (x.byKind[k] ? f(x.byKind[k], 2) : "")).join(" | ")} |`;
    const profileRow = (label: string, p: { wallS: number; clientCpuS: number; engineCpuS: number }) =>
      `| ${label} | ${f(p.wallS, 1)} | ${f(p.clientCpuS, 1)} | ${f(p.engineCpuS, 1)} |`;
    const plan = partsFor(MAX_OBJECT, mover.tuned.partMiB * MIB);
    lines.push(
      "",
      `## mover on the local engine (Ceph RGW; ${mover.smallObjects} objects of 1 KiB, batches of ${mover.batchSize}, ${mover.concurrency} transfers; one ${mover.largeMiB} MiB object)`,
      "",
      `Load average (1, 5, 15 min) at the start: ${load(mover.load.start)}; at the end: ${load(mover.load.end)}.`,
      "",
      "The mover moves from a versioned bucket (the export bucket is one); rclone is timed from an unversioned bucket and from a versioned one, where it leaves each object's data behind as an older version.",
      "",
      "| small objects/s | mover | bare CopyObject+DeleteObject | rclone move, unversioned source | rclone move, versioned source | mover ÷ bare | mover ÷ rclone, unversioned | mover ÷ rclone, versioned |",
      "|---|---:|---:|---:|---:|---:|---:|---:|",
      `| ${mover.atOnce} batches at once (Lambda's start) | ${f(mover.moverPerSecond, 0)} | ${f(mover.barePerSecond, 0)} | ${f(mover.rclonePerSecond, 0)} | ${f(mover.rcloneVersionedPerSecond, 0)} | ${pct(mover.moverPerSecond, mover.barePerSecond)} | ${pct(mover.moverPerSecond, mover.rclonePerSecond)} | ${pct(mover.moverPerSecond, mover.rcloneVersionedPerSecond)} |`,
      `| ${mover.earlierAtOnce} batches at once (earlier runs' setting) | ${f(mover.moverEarlierPerSecond, 0)} | | | | ${pct(mover.moverEarlierPerSecond, mover.barePerSecond)} | ${pct(mover.moverEarlierPerSecond, mover.rclonePerSecond)} | ${pct(mover.moverEarlierPerSecond, mover.rcloneVersionedPerSecond)} |`,
      `| bare loop on a versioned bucket (exact versions) | | ${f(mover.bareVersionedPerSecond, 0)} | | | ${pct(mover.moverPerSecond, mover.bareVersionedPerSecond)} | | |`,
      "",
      "Where the time of the small objects went (seconds; client CPU is this Node process's, or rclone's own):",
      "",
      "| | wall | client CPU | engine CPU |",
      "|---|---:|---:|---:|",
      profileRow(`mover, ${mover.atOnce} batches at once`, mover.profiles.mover),
      profileRow(`mover, ${mover.earlierAtOnce} batches at once`, mover.profiles.moverEarlier),
      profileRow("bare", mover.profiles.bare),
      profileRow("rclone move, unversioned source", mover.profiles.rclone),
      profileRow("rclone move, versioned source", mover.profiles.rcloneVersioned),
      "",
      "The engine's CPU per request (ms), each kind alone, 16 at once:",
      "",
      "| request | versioned bucket | unversioned bucket |",
      "|---|---:|---:|",
      ...mover.engineMsPerRequest.map((c) => `| ${c.kind} | ${f(c.versioned, 2)} | ${f(c.unversioned, 2)} |`),
      "",
      "S3 requests per object, by kind:",
      "",
      `| | total | ${kinds.join(" | ")} |`,
      `|---|---:|${kinds.map(() => "---:").join("|")}|`,
      requestRow("mover, common path (one version)", r.moverCommon),
      requestRow("mover, overwrite path (two versions)", r.moverOverwrite),
      requestRow("mover, engine refusing DeleteObjects (batchDeletes off)", r.moverRoleSession),
      requestRow("bare", r.bare),
      requestRow("rclone move, common path", r.rcloneCommon),
      requestRow("rclone move, overwrite path (versioned source)", r.rcloneOverwrite),
      "",
      `Large object: direct parallel UploadPartCopy of the same ${mover.largeMiB} MiB on the same engine (MiB/s; median of three runs, the settings in turn, and the range):`,
      "",
      "| part MiB | concurrency | MiB/s | range |",
      "|---:|---:|---:|---:|",
      ...mover.partCopyGrid.map(
        (g) => `| ${g.partMiB} | ${g.concurrency} | ${f(g.MiBps, 0)} | ${f(g.min, 0)}–${f(g.max, 0)} |`,
      ),
      "",
      "| large object MiB/s (medians of three, in turn) | mover | direct UploadPartCopy | mover ÷ direct |",
      "|---|---:|---:|---:|",
      `| tuned: ${mover.tuned.partMiB} MiB parts, ${mover.tuned.concurrency} at once | ${f(mover.moverLargeMiBps, 0)} | ${f(mover.partCopyLargeMiBps, 0)} | ${pct(mover.moverLargeMiBps, mover.partCopyLargeMiBps)} |`,
      `| 64 MiB parts, 16 at once (the Lambda's setting before these measurements) | ${f(mover.moverLargeEarlierMiBps, 0)} | | |`,
      "",
      `For reference, a whole CopyObject (which this engine serves by linking the data) and delete: ${f(mover.bareLargeMiBps, 0)} MiB/s; rclone move: ${f(mover.rcloneLargeMiBps, 0)} MiB/s.`,
      "",
      `S3's largest object (50,000 GiB, which S3's limits page rounds to 48.8 TiB) at ${mover.tuned.partMiB} MiB parts: ${plan.length} parts of ${f((plan[0]?.end ?? 0) / MIB + 1 / MIB, 1)} MiB (S3 allows 10,000), so ${plan.length + 4} requests: HeadObject, GetObjectTagging, CreateMultipartUpload, ${plan.length} UploadPartCopy, CompleteMultipartUpload, beside its share of the batch's listing and deletes.`,
      "",
      `Lambda bundle: ${f(bundle.bundleKiB, 0)} KiB; loading it in a fresh Node process takes ${f(bundle.coldLoadMs, 0)} ms (Node's own start-up: ${f(bundle.nodeStartMs, 0)} ms).`,
    );
  },
  async e2e() {
    const start = loadavg();
    // BENCH_E2E_PORT moves the platform (it takes that port and the next three).
    const e2e = await benchEndToEnd(Number(process.env.BENCH_E2E_PORT ?? 38480));
    const end = loadavg();
    results.e2e = e2e;
    const pct = (a: number, b: number) => `${Math.round((100 * a) / b)}%`;
    lines.push(
      "",
      `## end to end on the local platform (${e2e.objects} files of ~1 KiB uploaded by the AWS CLI at its default concurrency)`,
      "",
      `Load average (1, 5, 15 min) at the start: ${start.map((x) => x.toFixed(1)).join(" ")}; at the end: ${end.map((x) => x.toFixed(1)).join(" ")}.`,
      "",
      "| | objects/s | ÷ upload alone |",
      "|---|---:|---:|",
      `| the upload alone (no mover behind the bucket) | ${f(e2e.uploadAlonePerSecond, 0)} | 100% |`,
      `| the upload, with the platform moving meanwhile | ${f(e2e.uploadPerSecond, 0)} | ${pct(e2e.uploadPerSecond, e2e.uploadAlonePerSecond)} |`,
      `| arrival: first byte uploaded to last object in the target | ${f(e2e.endToEndPerSecond, 0)} | ${pct(e2e.endToEndPerSecond, e2e.uploadAlonePerSecond)} |`,
      `| rclone move of the same objects (already uploaded) | ${f(e2e.rcloneMovePerSecond, 0)} | ${pct(e2e.rcloneMovePerSecond, e2e.uploadAlonePerSecond)} |`,
      "",
      "CPU per object (ms), where the rate's bound comes from: the engine's daemons, the local platform's process (its notification receiver and the mover) and the AWS CLI, on one machine:",
      "",
      `| | engine | platform | CLI | sum | bound at ${e2e.cores} cores (objects/s) |`,
      "|---|---:|---:|---:|---:|---:|",
      ...(["uploadAlone", "flow"] as const).map((k) => {
        const c = e2e.cpuMsPerObject[k];
        const sum = c.engine + c.platform + c.cli;
        const label = k === "flow" ? "upload and move" : "upload alone";
        return `| ${label} | ${f(c.engine, 1)} | ${f(c.platform, 1)} | ${f(c.cli, 1)} | ${f(sum, 1)} | ${f((e2e.cores * 1000) / sum, 0)} |`;
      }),
      "",
      `From the end of each object's upload to its arrival: p50 ${f(e2e.latencyMs.p50, 0)} ms, p95 ${f(e2e.latencyMs.p95, 0)} ms, max ${f(e2e.latencyMs.max, 0)} ms; the last object arrived ${f(e2e.tailMs, 0)} ms after the upload ended.`,
    );
  },
  async ledger() {
    // Its figures go to the terminal as it runs (the ledger off and on, then 1 GiB).
    await benchLedger();
    lines.push("", "## the delivery ledger: figures printed above (docs/benchmarks.md, The delivery ledger)");
  },
  async contracts() {
    const c = await benchContracts();
    results.contracts = c;
    const kib = (n: number) => `${f(n / 1024, 1)} KiB`;
    lines.push(
      "",
      `## data contracts on the local engine (Ceph RGW; ${c.smallObjects} CSV objects of 1 KiB a run, batches of 10, five at once; ${c.trials} runs each, in turn)`,
      "",
      `Load average (1, 5, 15 min) at the start: ${c.load.start.map((x) => f(x, 2)).join(", ")}; at the end: ${c.load.end.map((x) => f(x, 2)).join(", ")}.`,
      "",
      "| small objects/s | runs | median |",
      "|---|---|---:|",
      `| without a contract | ${c.withoutPerSecond.map((x) => f(x, 0)).join(", ")} | ${f(median(c.withoutPerSecond), 0)} |`,
      `| with a contract (columns checked) | ${c.withPerSecond.map((x) => f(x, 0)).join(", ")} | ${f(median(c.withPerSecond), 0)} |`,
      `| with ÷ without | | ${f(c.ratio, 2)}× |`,
      "",
      `The mover's requests per object (last run): without a contract ${f(c.requests.without?.total ?? 0, 2)} (${JSON.stringify(c.requests.without?.byKind ?? {})}), with ${f(c.requests.with?.total ?? 0, 2)} (${JSON.stringify(c.requests.with?.byKind ?? {})}).`,
      "",
      `CPU ms per object (median of the runs; engine + mover): without a contract ${f(median(c.cpuMs.without.engine), 1)} + ${f(median(c.cpuMs.without.mover), 1)}, with ${f(median(c.cpuMs.with.engine), 1)} + ${f(median(c.cpuMs.with.mover), 1)}.`,
      "",
      "| file checked | size | bytes read | ranged reads | Parquet footer |",
      "|---|---:|---:|---:|---:|",
      ...c.reads.map(
        (r) =>
          `| ${r.file} | ${f(r.size / MIB, 2)} MiB | ${kib(r.bytesRead)} | ${r.reads} | ${r.footer ? kib(r.footer) : ""} |`,
      ),
    );
  },
};
type Part = keyof typeof parts;

const asked = process.argv.slice(2);
const unknown = asked.filter((name) => !(name in parts));
if (unknown.length > 0) {
  console.error(`Unknown part ${unknown.join(", ")}: choose among ${Object.keys(parts).join(", ")}.`);
  process.exit(2);
}
for (const name of (asked.length > 0 ? asked : Object.keys(parts)) as Part[]) await parts[name]();
console.log(lines.join("\n"));
await mkdir("reports", { recursive: true });
await writeFile("reports/bench.json", JSON.stringify(results, null, 2));
