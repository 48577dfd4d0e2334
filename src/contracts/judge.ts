import type { DataContract, FileContract } from "./contract";
import { columnProblems } from "./columnProblems";
import { hold, type Hold } from "./hold";
import { refusalProblem, type Format, type Recognised, type Refused } from "./inspection";
import { formatBytes } from "./limits";

/** What the judge says of one object: it may leave, it is held, or its content must be read first. */
export type Judgement =
  { readonly verdict: "deliver" } | Hold | { readonly verdict: "inspect"; readonly entry: FileContract };

const FORMAT_NAMES: Record<Format, string> = {
  csv: "a CSV file",
  "csv.gz": "a gzip-compressed CSV file",
  parquet: "a Parquet file",
  jsonl: "a JSON Lines file",
};

/** The one entry whose prefix covers `keyInDataset` (entries never nest: validated), if any. */
export function entryFor(contract: DataContract, keyInDataset: string): FileContract | undefined {
  return contract.find((entry) => keyInDataset.startsWith(entry.prefix));
}

const covered = (contract: DataContract) => contract.map((e) => e.prefix || "(the whole dataset)").join(", ");

/** The checks that need no read: an entry covers the key, and the object is within its size. */
function beforeRead(contract: DataContract, keyInDataset: string, size: number): Judgement {
  const entry = entryFor(contract, keyInDataset);
  if (!entry)
    return hold(
      "no-entry",
      `no files: entry covers \`${keyInDataset}\`; the contract covers: ${covered(contract)}`,
      "upload it under one of those folders, or ask for a files: entry for its folder in the dataset file",
    );
  if (entry.maxBytes !== undefined && size > entry.maxBytes)
    return hold(
      "too-large",
      `the file is ${formatBytes(size)} (${size} bytes), more than the contract's max_size of ${formatBytes(entry.maxBytes)} for ${entry.prefix || "this dataset"}`,
      `split it into files of at most ${formatBytes(entry.maxBytes)}, or ask for a larger max_size in the dataset file`,
    );
  return { verdict: "inspect", entry };
}

/** The checks of what the inspector read: the format is allowed, and the columns are the contract's exactly. */
function ofContent(entry: FileContract, found: Recognised | Refused): Judgement {
  const allowed = entry.formats;
  if (!found.ok) return hold(found.reason, refusalProblem(found, allowed), found.fix);
  if (!allowed.includes(found.format))
    return hold(
      "format-not-allowed",
      `this is ${FORMAT_NAMES[found.format]} (${found.format}); allowed: ${allowed.join(", ")}`,
      `export the extract as ${allowed.join(" or ")}, or ask for ${found.format} to be added to the contract's formats`,
    );
  if (!entry.columns) return { verdict: "deliver" };
  return columnProblems(found.columns, entry.columns) ?? { verdict: "deliver" };
}

/**
 * Whether an object may leave under its dataset's contract (decision 0016). Pure. Given only the
 * key within the dataset and the size, it holds what needs no read (no entry covers the key, too
 * large) and otherwise asks for the inspection; given the inspection too, it judges the format by
 * content and the column set (exact, case-sensitive, any order, no name twice). Every hold says
 * what is wrong and how to put it right.
 */
export function judge(
  contract: DataContract,
  keyInDataset: string,
  size: number,
  inspection?: Recognised | Refused,
): Judgement {
  const first = beforeRead(contract, keyInDataset, size);
  if (first.verdict !== "inspect" || !inspection) return first;
  return ofContent(first.entry, inspection);
}
