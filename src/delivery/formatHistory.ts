import type { DeliveryRecord } from "../custody/record";
import { inertJson, visible } from "../report/escape";
import { csvRow } from "./csv";
import type { HistoryRange } from "./historyRange";

export const HISTORY_FORMATS = ["text", "json", "csv"] as const;
export type HistoryFormat = (typeof HISTORY_FORMATS)[number];

/** The CSV's columns, in order, each with how a record gives it: one row a record. */
const COLUMNS: readonly [string, (r: DeliveryRecord) => string | number | undefined][] = [
  ["recorded_at", (r) => r.recordedAt],
  ["dataset", (r) => r.dataset],
  ["outcome", (r) => r.outcome],
  ["code", (r) => r.code],
  ["source_bucket", (r) => r.source.bucket],
  ["source_key", (r) => r.source.key],
  ["source_version_id", (r) => r.source.versionId],
  ["size", (r) => r.source.size],
  ["sha256", (r) => r.source.sha256],
  ["uploaded_by", (r) => r.source.uploadedBy],
  ["uploaded_at", (r) => r.source.uploadedAt],
  ["target_bucket", (r) => r.target?.bucket],
  ["target_key", (r) => r.target?.key],
  ["target_version_id", (r) => r.target?.versionId],
  ["arrived_at", (r) => r.target?.arrivedAt],
  ["dataset_file", (r) => r.datasetFile?.path],
  ["dataset_file_commit", (r) => r.datasetFile?.commit],
];

const when = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;

/** A record in a few lines, every value a user or S3 named shown by `visible` (no control character reaches the terminal). */
function recordLines(r: DeliveryRecord): string[] {
  const s = r.source;
  const lines = [
    `  ${when(r.recordedAt)}  ${r.outcome}${r.code ? ` (${visible(r.code)})` : ""}  ${visible(s.key)}${s.size === undefined ? "" : ` (${s.size} bytes)`}`,
  ];
  const about = [
    ...(s.sha256 ? [`sha256 ${s.sha256}`] : []),
    ...(s.versionId ? [`version ${visible(s.versionId)}`] : []),
    ...(s.uploadedBy || s.uploadedAt
      ? [
          `uploaded${s.uploadedBy ? ` by ${visible(s.uploadedBy)}` : ""}${s.uploadedAt ? ` at ${when(s.uploadedAt)}` : ""}`,
        ]
      : []),
  ];
  if (about.length > 0) lines.push(`    ${about.join("; ")}`);
  const t = r.target;
  if (t)
    lines.push(
      `    to s3://${visible(t.bucket)}/${visible(t.key)}${t.versionId ? ` (version ${visible(t.versionId)})` : ""}, arrived ${when(t.arrivedAt)}`,
    );
  const f = r.datasetFile;
  if (f)
    lines.push(`    under ${visible(f.path)}${f.commit ? ` at commit ${visible(f.commit)}` : " (commit not known)"}`);
  return lines;
}

function text(dataset: string, range: HistoryRange, records: readonly DeliveryRecord[]): string {
  const counts = new Map<string, number>();
  for (const r of records) counts.set(r.outcome, (counts.get(r.outcome) ?? 0) + 1);
  const summary = [...counts].map(([o, n]) => `${n} ${o}`).join(", ");
  const head = `Dataset ${visible(dataset)}, from ${when(range.from.toISOString())} to ${when(range.to.toISOString())}: ${records.length} record${records.length === 1 ? "" : "s"}${summary ? ` (${summary})` : ""}.`;
  if (records.length === 0) return `${head}\nNothing was recorded for it in that period.\n`;
  return `${[head, "", ...records.flatMap(recordLines)].join("\n")}\n`;
}

/**
 * What left for a dataset in a period, from the delivery ledger: text for a person, JSON for a
 * program (the records as the ledger holds them), CSV for a spreadsheet (one row a record,
 * RFC 4180, cells that could start a formula neutralised).
 */
export function formatHistory(
  dataset: string,
  range: HistoryRange,
  records: readonly DeliveryRecord[],
  format: HistoryFormat,
): string {
  if (format === "json")
    return `${inertJson({ dataset, from: range.from.toISOString(), to: range.to.toISOString(), records })}\n`;
  if (format === "csv")
    return [csvRow(COLUMNS.map(([name]) => name)), ...records.map((r) => csvRow(COLUMNS.map(([, of]) => of(r))))].join(
      "",
    );
  return text(dataset, range, records);
}
