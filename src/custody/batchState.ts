import type { DeliveryRecord } from "./record";
import type { Seal } from "./seal";

/** What a sealed batch needs, read from the export bucket and the ledger. */
export interface BatchFacts {
  /** The batch's prefix in the export bucket (`ds/b1/`). */
  prefix: string;
  seal: Seal;
  /** Objects under the prefix still in the export bucket, the batch's own files left out: key → size. */
  waiting: ReadonlyMap<string, number>;
  /** The ledger's latest delivery of each key under the prefix. */
  delivered: ReadonlyMap<string, DeliveryRecord>;
  /** Keys whose delivery was given up on (refused, dead-lettered) in the batch of moves at hand. */
  givenUp: ReadonlySet<string>;
  /** Keys still in the export bucket that their dataset's contract holds back (tagged data-exports-held, decision 0016). */
  held: ReadonlySet<string>;
}

/**
 * Where a sealed batch stands: complete (its records), waiting for files still moving, held by one
 * file, or empty: its seal expects no file at all, so no upload could complete it as sealed.
 */
export type BatchState =
  | { state: "complete"; records: DeliveryRecord[] }
  | { state: "waiting"; keys: string[] }
  | { state: "held"; key: string; why: string }
  | { state: "empty" };

/**
 * Decides a sealed batch, purely. The files it must hold are those the seal lists, or, for a
 * seal without a list, everything under the prefix, delivered or waiting. A file that is
 * delivered (kept files stay in the export bucket too) counts; one still waiting keeps the batch
 * waiting unless its delivery was given up; a listed file that is neither delivered nor waiting,
 * or that arrived with another size than the seal lists, or that the dataset's contract holds
 * back, holds the batch: no manifest is written for it, and the key says which file the requester
 * must see to. A seal that expects nothing (an empty folder, an empty list) leaves the batch empty.
 */
export function batchState(facts: BatchFacts): BatchState {
  const { prefix, seal, waiting, delivered, givenUp, held } = facts;
  const expected: { key: string; size?: number }[] = seal.files
    ? seal.files.map((f) => ({ key: `${prefix}${f.key}`, ...(f.size !== undefined ? { size: f.size } : {}) }))
    : [...new Set([...delivered.keys(), ...waiting.keys()])].map((key) => ({ key }));
  if (expected.length === 0) return { state: "empty" };
  const records: DeliveryRecord[] = [];
  const stillWaiting: string[] = [];
  for (const { key, size } of expected) {
    const record = delivered.get(key);
    if (givenUp.has(key))
      return { state: "held", key, why: "its delivery was given up; the requester is told why in its own notice" };
    if (record && record.source.size !== undefined && size !== undefined && record.source.size !== size)
      return {
        state: "held",
        key,
        why: `it arrived with ${record.source.size} bytes, and the seal lists ${size}: upload it again, or seal the batch again with \`exports seal\``,
      };
    if (record) records.push(record);
    else if (held.has(key))
      return {
        state: "held",
        key,
        why: "it breaks the dataset's contract and is held back in the export bucket (its own notice and `exports status` say what is wrong): upload it again, mended, under the same key",
      };
    else if (waiting.has(key)) stillWaiting.push(key);
    else
      return {
        state: "held",
        key,
        why: "the seal lists it, but it is neither in the export bucket nor delivered: upload it, or seal the batch again without it",
      };
  }
  if (stillWaiting.length > 0) return { state: "waiting", keys: stillWaiting.sort() };
  const noDigest = records.find((r) => !r.source.sha256);
  if (noDigest)
    return { state: "held", key: noDigest.source.key, why: "its delivery was recorded without a SHA-256 digest" };
  return { state: "complete", records };
}
