import type { DeliveryEvent } from "./deliveryEvent";

/** Where each object of a dataset stands: its latest event decides. */
export interface DatasetStatus {
  dataset: string;
  /** ISO 8601: the start of the window looked at. */
  since: string;
  /** Objects whose latest event says they are in the target bucket. */
  delivered: DeliveryEvent[];
  /** Objects whose latest event is a failure: not delivered yet. */
  notDelivered: DeliveryEvent[];
  /**
   * Objects held back because they break the dataset's contract (decision 0016): still in the
   * export bucket; each event says what is wrong (reason) and the fix (action).
   */
  held: DeliveryEvent[];
  /** Objects needing no delivery: written again, or not under a dataset's folder. */
  other: DeliveryEvent[];
  /** The newest failure in the window, and whether a later try delivered that object since. */
  latestFailure?: DeliveryEvent & { deliveredSince: boolean };
}

const ARRIVED = new Set(["delivered", "kept", "kept-unrecorded", "already-delivered"]);
const FAILED = new Set(["retrying", "dead-lettered"]);

/** Pure: the status of `dataset` from its events at or after `since`, newest first in each list. */
export function datasetStatus(events: readonly DeliveryEvent[], dataset: string, since: Date): DatasetStatus {
  const inWindow = events
    .filter((e) => e.dataset === dataset && Date.parse(e.time) >= since.getTime())
    .sort((a, b) => Date.parse(b.time) - Date.parse(a.time) || b.attempt - a.attempt);
  const latest = new Map<string, DeliveryEvent>();
  for (const e of inWindow) {
    const known = latest.get(e.key);
    // A repeated event of an object already delivered does not hide that delivery.
    if (!known || (known.outcome === "already-delivered" && ARRIVED.has(e.outcome) && e.outcome !== known.outcome))
      latest.set(e.key, e);
  }
  const all = [...latest.values()];
  const latestFailure = inWindow.find((e) => FAILED.has(e.outcome));
  return {
    dataset,
    since: since.toISOString(),
    delivered: all.filter((e) => ARRIVED.has(e.outcome)),
    notDelivered: all.filter((e) => FAILED.has(e.outcome)),
    held: all.filter((e) => e.outcome === "held"),
    other: all.filter((e) => !ARRIVED.has(e.outcome) && !FAILED.has(e.outcome) && e.outcome !== "held"),
    ...(latestFailure
      ? {
          latestFailure: {
            ...latestFailure,
            deliveredSince: ARRIVED.has(latest.get(latestFailure.key)?.outcome ?? ""),
          },
        }
      : {}),
  };
}
