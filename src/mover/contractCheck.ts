import type { S3Client } from "@aws-sdk/client-s3";
import { inspectObject, judge, type DataContract, type Hold } from "../contracts";
import type { Source } from "./copy";
import { s3ObjectSource } from "./objectSource";

/**
 * Whether the exact source version may leave under its dataset's contract (decision 0016): the
 * hold, or undefined when it may. What needs no read (no entry covers the key, too large) is
 * judged first; otherwise the inspector reads only what it needs, by ranged reads of that version.
 * Throws what the store throws (a 412 when the version seen is no longer the one read, AccessDenied,
 * throttling): a failure of the move, never a hold.
 */
export async function contractHold(
  s3: S3Client,
  source: Source,
  dataset: string,
  contract: DataContract,
): Promise<Hold | undefined> {
  const keyInDataset = source.key.slice(dataset.length + 1);
  const first = judge(contract, keyInDataset, source.size);
  if (first.verdict === "hold") return first;
  if (first.verdict === "deliver") return undefined;
  const inspection = await inspectObject(s3ObjectSource(s3, source));
  const verdict = judge(contract, keyInDataset, source.size, inspection);
  return verdict.verdict === "hold" ? verdict : undefined;
}
