import { checkBatch, type BatchDeps, type CheckedBatch } from "../custody/checkBatch";
import { batchOfSeal, batchesHolding } from "../mover/batchNames";
import { MoveError } from "../mover/errors";
import type { AuditLog, Handled } from "./afterMove";
import type { DeliveryEvent } from "./deliveryEvent";

/** A batch's event after a check, and whether its notice goes out (told once: see batchEvents). */
export interface BatchEvent {
  delivery: DeliveryEvent;
  notify: boolean;
  /** The index in the handled list of the object whose try led to the check. */
  trigger: number;
}

/** The outcomes after which a sealed batch holding the object may be complete, or held (a file the contract holds back). */
const ENDED = new Set(["moved", "copied", "copied-unrecorded", "held"]);

/** The batch prefixes a batch of moves asks to check, each with the first object that asks. */
function batchesAsked(handled: readonly Handled[]): Map<string, number> {
  const asked = new Map<string, number>();
  handled.forEach((h, i) => {
    const { result } = h;
    const key = h.tried.event.key;
    const prefixes =
      result instanceof MoveError
        ? h.verdict === "given-up"
          ? batchesHolding(key)
          : []
        : result.outcome === "sealed"
          ? [batchOfSeal(key) ?? ""]
          : ENDED.has(result.outcome)
            ? batchesHolding(key)
            : [];
    for (const prefix of prefixes) if (prefix && !asked.has(prefix)) asked.set(prefix, i);
  });
  return asked;
}

/** The delivery event a checked batch is logged and told as; none while it waits or has no seal. */
function eventOf(checked: CheckedBatch, h: Handled): DeliveryEvent | undefined {
  const base = {
    time: new Date().toISOString(),
    dataset: checked.dataset,
    key: checked.prefix,
    attempt: h.tried.attempt,
    ...(h.tried.event.resent ? { resent: true as const } : {}),
  };
  if (checked.state === "complete")
    return {
      ...base,
      outcome: "batch-complete",
      target: checked.manifest,
      reason: `all ${checked.files} files of the sealed batch arrived; its signed manifest is ${checked.manifest}`,
      actor: "nobody",
      action: "",
    };
  if (checked.state === "held")
    return {
      ...base,
      outcome: "batch-held",
      reason: `the file ${checked.key} holds the sealed batch up: ${checked.why}`,
      actor: "requester",
      action: `see to ${checked.key}; the batch completes, and its manifest is written, once it has arrived`,
    };
  if (checked.state === "empty")
    return {
      ...base,
      outcome: "batch-held",
      reason: `the sealed batch ${checked.prefix} expects no file (its folder was empty when the seal was checked, or the seal lists none), so no manifest is written and the seal was removed`,
      actor: "requester",
      action: `upload the batch's files under ${checked.prefix} first, then seal it again; a seal covers what is under the folder when it is checked`,
    };
  return undefined;
}

/**
 * Checks each sealed batch a batch of moves may have completed: on a seal's own event, after a
 * delivery under a folder that may be sealed, and after a delivery given up (which holds its
 * batch). Never throws: a batch that could not be checked is logged, and is checked again when
 * the sweep sends its seal again (the seal stays in the export bucket until the manifest is
 * written). A held batch is told to the requester once: from its seal's first event, or from
 * the delivery given up; the deliveries of its other files log it without mailing again.
 */
export async function batchEvents(handled: readonly Handled[], deps: BatchDeps, log: AuditLog): Promise<BatchEvent[]> {
  const givenUp = new Set(handled.filter((h) => h.verdict === "given-up").map((h) => h.tried.event.key));
  const outcomeOf = (h: Handled) => (h.result instanceof MoveError ? undefined : h.result.outcome);
  // Held back by the contract in this batch of moves: such a file holds any sealed batch it is in.
  const held = new Set(handled.filter((h) => outcomeOf(h) === "held").map((h) => h.tried.event.key));
  const asked = [...batchesAsked(handled)];
  const checked = await Promise.all(
    asked.map(async ([prefix, trigger]) => {
      try {
        // A seal's check reads the hold tags of the files still waiting: one held before the seal holds it too.
        const readHolds = outcomeOf(handled[trigger] as Handled) === "sealed";
        return { trigger, checked: await checkBatch(prefix, givenUp, deps, { held, readHolds }) };
      } catch (error) {
        const e = error as { name?: string; message?: string };
        log.error("sealed batch not checked; it is checked again when the sweep sends its seal again", {
          prefix,
          code: e.name ?? "Unknown",
          reason: e.message ?? String(error),
        });
        return undefined;
      }
    }),
  );
  return checked.flatMap((c) => {
    const h = c && (handled[c.trigger] as Handled);
    const delivery = c && h ? eventOf(c.checked, h) : undefined;
    if (!c || !h || !delivery) return [];
    const fromSeal = !(h.result instanceof MoveError) && h.result.outcome === "sealed";
    const heldByThisTry = c.checked.state === "held" && (givenUp.has(c.checked.key) || held.has(c.checked.key));
    const notify = delivery.outcome === "batch-complete" || fromSeal || heldByThisTry;
    log[delivery.outcome === "batch-held" ? "error" : "info"](
      delivery.outcome === "batch-held" ? "sealed batch held by a file" : "sealed batch complete",
      { delivery },
    );
    return [{ delivery, notify, trigger: c.trigger }];
  });
}
