import type { S3Client } from "@aws-sdk/client-s3";
import { inspectObject, judge, type DataContract, type Hold } from "../contracts";
import type { Source } from "./copy";
import { s3ObjectSource, type WholeObject } from "./objectSource";

/** A version that may leave, and its bytes when the check happened to read all of them. */
export interface Cleared {
  readonly verdict: "deliver";
  readonly whole?: WholeObject;
}

/**
 * Whether the exact source version may leave under its dataset's contract (decision 0016): the
 * hold, or the clearance, with the bytes read when the inspector's reads covered the whole
 * object (one no larger than the probe). What needs no read (no entry covers the key, too large)
 * is judged first; otherwise the inspector reads only what it needs, by ranged reads of that
 * version (with `checksums`, a whole read also asks for the object's stored CRC64NVME).
 * Throws what the store throws (a 412 when the version seen is no longer the one read,
 * AccessDenied, throttling): a failure of the move, never a hold.
 */
export async function contractHold(
  s3: S3Client,
  source: Source,
  dataset: string,
  contract: DataContract,
  checksums = false,
): Promise<Hold | Cleared> {
  const keyInDataset = source.key.slice(dataset.length + 1);
  const first = judge(contract, keyInDataset, source.size);
  if (first.verdict === "hold") return first;
  if (first.verdict === "deliver") return { verdict: "deliver" };
  const object = s3ObjectSource(s3, source, checksums);
  const inspection = await inspectObject(object);
  const verdict = judge(contract, keyInDataset, source.size, inspection);
  if (verdict.verdict === "hold") return verdict;
  const whole = object.whole();
  return { verdict: "deliver", ...(whole ? { whole } : {}) };
}
