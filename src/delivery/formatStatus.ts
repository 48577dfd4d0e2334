import type { DatasetStatus } from "./datasetStatus";
import type { DeliveryEvent } from "./deliveryEvent";
import { inertJson, visible } from "../report/escape";

export const STATUS_FORMATS = ["text", "json"] as const;
export type StatusFormat = (typeof STATUS_FORMATS)[number];

const when = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;
const bytes = (n: number | undefined) => (n === undefined ? "" : ` (${n} bytes)`);
const WHO = { nobody: "nobody", requester: "you", "receiving team": "the receiving team", operators: "the operators" };

function failureLines(e: DeliveryEvent): string[] {
  const lines = [`    why: ${visible(e.reason)} (try ${e.attempt}, ${e.outcome})`];
  if (e.actor !== "nobody") lines.push(`    to do, by ${WHO[e.actor]}: ${visible(e.action)}`);
  else lines.push("    to do: nothing yet; the mover tries again");
  return lines;
}

function text(s: DatasetStatus): string {
  const out = [
    `Dataset ${s.dataset}, since ${when(s.since)}: ${s.delivered.length} delivered, ${s.notDelivered.length} not delivered yet${s.held.length > 0 ? `, ${s.held.length} held back` : ""}.`,
  ];
  if (s.held.length > 0) {
    out.push(
      "",
      "Held back: they break the dataset's contract (still in the export bucket, tagged data-exports-held):",
    );
    for (const e of s.held)
      out.push(
        `  ${when(e.time)}  ${visible(e.key)}${bytes(e.size)}`,
        `    why: ${visible(e.reason)}`,
        `    to do, by ${WHO[e.actor]}: ${visible(e.action)}`,
      );
  }
  if (s.notDelivered.length > 0) {
    out.push("", "Not delivered yet (still in the export bucket):");
    for (const e of s.notDelivered) out.push(`  ${when(e.time)}  ${visible(e.key)}`, ...failureLines(e));
  }
  if (s.delivered.length > 0) {
    out.push("", "Delivered:");
    for (const e of s.delivered) {
      out.push(`  ${when(e.time)}  ${visible(e.key)}${bytes(e.size)} → ${visible(e.target ?? "")}`);
      // Arrived, but unlike other kept files it is not tracked: the requester hears why and what to do.
      if (e.outcome === "kept-unrecorded")
        out.push(`    note: ${visible(e.reason)}`, `    to do, by ${WHO[e.actor]}: ${visible(e.action)}`);
    }
  }
  // Sealed batches (decision 0018): their seals and what became of them, apart from the files.
  const batch = (e: DeliveryEvent) => e.outcome === "sealed" || e.outcome.startsWith("batch-");
  const other = s.other.filter((e) => !batch(e));
  if (other.length > 0) {
    out.push("", "Nothing to deliver:");
    for (const e of other) out.push(`  ${when(e.time)}  ${visible(e.key)}: ${visible(e.reason)}`);
  }
  const batches = s.other.filter(batch);
  if (batches.length > 0) {
    out.push("", "Sealed batches:");
    for (const e of batches) {
      out.push(`  ${when(e.time)}  ${visible(e.key)}: ${e.outcome}: ${visible(e.reason)}`);
      if (e.actor !== "nobody") out.push(`    to do, by ${WHO[e.actor]}: ${visible(e.action)}`);
    }
  }
  const f = s.latestFailure;
  if (f)
    out.push(
      "",
      `Latest failure: ${when(f.time)}, ${visible(f.key)}${f.deliveredSince ? " (delivered since: nothing to do)" : ""}`,
      ...failureLines(f),
    );
  if (s.delivered.length + s.notDelivered.length + s.held.length + s.other.length === 0)
    out.push("", "No object of this dataset was handled in that time. Try a longer --since.");
  return `${out.join("\n")}\n`;
}

/** The status as a requester reads it (text) or as a program does (json). Text escapes what users wrote. */
export function formatStatus(status: DatasetStatus, format: StatusFormat): string {
  return format === "json" ? `${inertJson(status)}\n` : text(status);
}
