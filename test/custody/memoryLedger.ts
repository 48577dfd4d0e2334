import type { DeliveryRecord, Ledger } from "../../src/custody/record";

const DELIVERING = new Set(["delivered", "kept"]);

/** The ledger in memory, for tests: records appended in order; deliveredUnder gives each key's latest delivering record. */
export class MemoryLedger implements Ledger {
  readonly records: DeliveryRecord[] = [];

  append(records: readonly DeliveryRecord[]): Promise<void> {
    this.records.push(...records);
    return Promise.resolve();
  }

  deliveredUnder(dataset: string, prefix: string): Promise<ReadonlyMap<string, DeliveryRecord>> {
    const found = new Map<string, DeliveryRecord>();
    for (const r of this.records)
      if (r.dataset === dataset && r.source.key.startsWith(prefix) && DELIVERING.has(r.outcome))
        found.set(r.source.key, r);
    return Promise.resolve(found);
  }

  history(dataset: string, from: Date, to: Date): Promise<DeliveryRecord[]> {
    const within = (r: DeliveryRecord) => {
      const at = Date.parse(r.recordedAt);
      return r.dataset === dataset && at >= from.getTime() && at < to.getTime();
    };
    return Promise.resolve(
      this.records.filter(within).sort((a, b) => Date.parse(a.recordedAt) - Date.parse(b.recordedAt)),
    );
  }
}

/** A delivered record of `key`, with its content's size and digest. */
export function deliveredRecord(dataset: string, key: string, size: number, sha256: string): DeliveryRecord {
  return {
    format: "data-exports/delivery/1",
    recordedAt: "2026-12-07T10:00:00.000Z",
    dataset,
    outcome: "delivered",
    source: { bucket: "mojap-hub-exports", key, size, sha256 },
    target: { bucket: "ds-target", key, arrivedAt: "2026-12-07T10:00:00.000Z" },
  };
}
