import type { Actor, DeliveryEvent, DeliveryOutcome } from "./deliveryEvent";

/** Every delivery outcome, held complete by the compiler: an event of any other is not read back. */
const KNOWN: Record<DeliveryOutcome, true> = {
  delivered: true,
  kept: true,
  "kept-unrecorded": true,
  "already-delivered": true,
  superseded: true,
  retrying: true,
  "dead-lettered": true,
  unrouted: true,
  held: true,
  sealed: true,
  "batch-complete": true,
  "batch-held": true,
};
const OUTCOMES = Object.keys(KNOWN) as DeliveryOutcome[];
const ACTORS: readonly Actor[] = ["nobody", "requester", "receiving team", "operators"];

const isText = (v: unknown): v is string => typeof v === "string";
const isCount = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v) && v >= 0;

/**
 * A delivery event read back from a log (untrusted text), or undefined when the value is not one.
 * Only the known fields are kept, so nothing else a log line carries is ever shown.
 */
export function parseEvent(value: unknown): DeliveryEvent | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const v = value as Record<string, unknown>;
  const { time, outcome, dataset, key, attempt, reason, actor, action } = v;
  if (!isText(time) || Number.isNaN(Date.parse(time))) return undefined;
  if (!OUTCOMES.includes(outcome as DeliveryOutcome) || !ACTORS.includes(actor as Actor)) return undefined;
  if (!isText(dataset) || !isText(key) || !isText(reason) || !isText(action) || !isCount(attempt)) return undefined;
  return {
    time,
    outcome: outcome as DeliveryOutcome,
    dataset,
    key,
    ...(isCount(v.size) ? { size: v.size } : {}),
    ...(isText(v.checksum) ? { checksum: v.checksum } : {}),
    ...(isText(v.target) ? { target: v.target } : {}),
    attempt,
    reason,
    actor: actor as Actor,
    action,
    ...(isText(v.code) ? { code: v.code } : {}),
    ...(v.resent === true ? { resent: true as const } : {}),
  };
}

/** The delivery events of JSON-lines text; lines that are not events are skipped and counted. */
export function parseEventLines(text: string): { events: DeliveryEvent[]; skipped: number } {
  const events: DeliveryEvent[] = [];
  let skipped = 0;
  for (const line of text.split("\n")) {
    if (line.trim() === "") continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      skipped++;
      continue;
    }
    const event = parseEvent(parsed);
    if (event) events.push(event);
    else skipped++;
  }
  return { events, skipped };
}
