import type { Format } from "./inspection";

/**
 * One entry of a push dataset's `files:` list (decision 0016): what may leave from under one
 * sub-prefix of the dataset's folder. The config layer builds these from the dataset file; the
 * mover judges each object against the one entry whose prefix covers its key.
 */
export interface FileContract {
  /**
   * The sub-prefix, relative to the dataset's folder, that this entry covers, ending in "/"
   * ("people/"); "" covers the whole dataset. No entry's prefix is a prefix of another's
   * (validated), so at most one entry applies to a key.
   */
  readonly prefix: string;
  /** The formats that may leave, judged by content (src/contracts/inspectObject.ts). */
  readonly formats: readonly Format[];
  /** The largest object that may leave, in bytes; undefined when the entry sets no limit. */
  readonly maxBytes?: number;
  /**
   * The exact set of column names a file must have: case-sensitive, in any order, no name twice.
   * Undefined when the entry names no columns (any columns leave; the plan says so plainly).
   */
  readonly columns?: readonly string[];
}

/** A push dataset's whole contract: its `files:` entries. */
export type DataContract = readonly FileContract[];
