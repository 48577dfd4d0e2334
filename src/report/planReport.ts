import type { DatasetChange } from "./changes";
import type { RepositoryChanges } from "./repositoryChanges";

/** Everything a plan report shows: each dataset's change and, against a base, what else changed. */
export interface PlanReport {
  changes: readonly DatasetChange[];
  /** The git ref compared against, when there is one. */
  base?: string;
  /** Settings and other files changed against `base`. */
  repository?: RepositoryChanges;
}

/** What the plan says of a dataset whose file gives no paperwork, in the words every format uses. */
export const NO_PAPERWORK = "none given";

/** What a removed dataset leaves behind, in the words every format uses. */
export const REMOVED_NOTE = "the dataset's resources go, but a pull bucket and its data are kept";

const count = (changes: readonly DatasetChange[], kind: DatasetChange["change"]) =>
  changes.filter((c) => c.change === kind).length;

/** How many datasets are added, changed, removed and unchanged. */
export function tally(changes: readonly DatasetChange[]) {
  return {
    added: count(changes, "added"),
    changed: count(changes, "changed"),
    removed: count(changes, "removed"),
    unchanged: count(changes, "unchanged"),
  };
}

/** How many datasets a plan lists, in words: "1 dataset", "6 datasets". */
export const datasetCount = (changes: readonly DatasetChange[]): string =>
  `${changes.length} ${changes.length === 1 ? "dataset" : "datasets"}`;

/** The summary sentence's counts, e.g. `1 added, 1 changed, 1 removed, 3 unchanged`. */
export function counts(changes: readonly DatasetChange[]): string {
  const t = tally(changes);
  return `${t.added} added, ${t.changed} changed, ${t.removed} removed, ${t.unchanged} unchanged`;
}

/** The datasets a report lists: without a base all of them, against a base those that change. */
export const shownChanges = (report: PlanReport) => report.changes.filter((c) => c.change !== "unchanged");
