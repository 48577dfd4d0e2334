// The local platform's delivery log: one JSON line per event, appended as the mover works.
import { appendFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { DeliveryEvent } from "./deliveryEvent";
import { parseEventLines } from "./parseEvent";

/** The event log of the local platform whose state folder is `dir`. */
export const eventLogPath = (dir: string) => join(dir, "delivery-events.jsonl");

/** Appends one event; synchronous so that lines from concurrent batches never interleave. */
export function appendEvent(file: string, event: DeliveryEvent): void {
  appendFileSync(file, `${JSON.stringify(event)}\n`, "utf8");
}

/** The events in a local event log, or undefined when there is no log yet. */
export async function readEventLog(file: string): Promise<ReturnType<typeof parseEventLines> | undefined> {
  try {
    return parseEventLines(await readFile(file, "utf8"));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}
