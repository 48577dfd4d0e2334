import type { DataContract } from "../contracts/contract";

/** Two one-line files for a printed walkthrough: one that keeps a contract, one with an extra column. */
export interface ContractSamples {
  /** The entry's sub-prefix ("" for the whole dataset). */
  prefix: string;
  /** What may leave, in a few words. */
  described: string;
  /** A CSV header of exactly the contract's columns. */
  conforming: string;
  /** The same header and one more column. */
  extra: string;
  extraColumn: string;
}

/** A CSV field as RFC 4180 writes it: quoted when it holds a delimiter, a quote or a line break. */
const csvField = (name: string) => (/[",\r\n]/.test(name) ? `"${name.replaceAll('"', '""')}"` : name);

/**
 * Samples for the first entry of a contract that allows CSV and names its columns (a header line
 * alone is a CSV file the inspector reads); undefined when no entry does.
 */
export function contractSamples(contract: DataContract): ContractSamples | undefined {
  const entry = contract.find((e) => e.formats.includes("csv") && e.columns && e.columns.length > 0);
  if (!entry?.columns) return undefined;
  const extraColumn = ["full_name", "full_name_2", "extra_column"].find((c) => !entry.columns?.includes(c)) ?? "";
  const header = entry.columns.map(csvField).join(",");
  return {
    prefix: entry.prefix,
    described: `${entry.formats.join(" or ")} files${entry.prefix ? ` under ${entry.prefix}` : ""} with exactly the columns ${entry.columns.join(", ")}`,
    conforming: header,
    extra: `${header},${extraColumn}`,
    extraColumn,
  };
}
