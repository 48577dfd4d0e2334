import type { Dataset, Position } from "./dataset";

/** How bad an issue is: errors stop a change, warnings are shown but allowed. */
export type Severity = "error" | "warning";

/** One located finding about a file: what is wrong, the value found and the fix, in `message`. */
export interface Issue {
  /** Path relative to the repository root, with forward slashes. */
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  rule: string;
  severity: Severity;
  message: string;
}

/** The result of a validation step: a value (possibly partial) and everything found on the way. */
export interface Validated<T> {
  value: T;
  errors: Issue[];
  warnings: Issue[];
}

/** Splits issues into errors and warnings, keeping their order. */
export function partition(issues: readonly Issue[]): { errors: Issue[]; warnings: Issue[] } {
  return {
    errors: issues.filter((i) => i.severity === "error"),
    warnings: issues.filter((i) => i.severity === "warning"),
  };
}

/** Orders text by code unit: unlike localeCompare, the same on every machine and locale. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Orders issues by file, then position, so output is stable across runs and machines. */
export function compareIssues(a: Issue, b: Issue): number {
  return compareText(a.file, b.file) || a.line - b.line || a.column - b.column || compareText(a.rule, b.rule);
}

/** An issue at a place in a dataset's file. */
export function datasetIssue(
  dataset: Dataset,
  at: Position | undefined,
  rule: string,
  severity: Severity,
  message: string,
): Issue {
  return { file: dataset.file, ...(at ?? dataset.source.name), rule, severity, message };
}
