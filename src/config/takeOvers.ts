import type { RuleMeta } from "./ruleMeta";
import type { Config } from "./config";
import type { Dataset, DatasetKind } from "./dataset";
import { removedDatasets } from "./earlierRemovals";
import { datasetIssue } from "./issue";
import type { Issue } from "./issue";
import { message, quote } from "./message";
import { pullBucketName } from "./names";

/** The rule `takes-over`: its id and its row of docs/rules.md. */
export const TAKES_OVER_RULE: RuleMeta = {
  id: "takes-over",
  severity: "error",
  description:
    "Judged with `--base` (the pull-request workflow passes it), for the datasets the change adds: one whose pull bucket is the bucket a removed pull dataset left behind (kept with its data), or whose push name is a removed push dataset's (files may still wait under `<export bucket>/<name>/`, and the sweep sends them on), is either the same dataset coming back (the same name; for a push dataset also the same `bucket`) or says `takes_over: <removed dataset's name>`. Otherwise it is refused at its `name`, with the line to add. A `takes_over` on an added dataset that names nothing it takes over is refused at its value. \"Removed\" means by the change itself or earlier in the base's git history; matching is by the bucket and the prefix the names give, never by the files' paths. `exports plan --base` says each take-over in its first lines. Without `--base` no dataset is new and the history is not read. See decision 0004.",
};

/** A removed dataset whose bucket (pull) or waiting files (push) are still there. */
export interface LeftBehind {
  kind: DatasetKind;
  name: string;
  /** Its file, relative to the repository root. */
  file: string;
  /** The commit that removed it (short id); absent when the change under review removes it. */
  commit?: string;
  /** For a push dataset: where its files went, when known. */
  target?: string;
}

/** A dataset that the change adds onto what a removed dataset left behind. */
export interface TakeOver {
  dataset: Dataset;
  from: LeftBehind;
  /** The file says `takes_over: <from.name>`. */
  explicit: boolean;
  /** The same dataset coming back: the same name and, for a push dataset, the same target. */
  identical: boolean;
}

const identity = (kind: DatasetKind, name: string, config: Config) =>
  `${kind}:${kind === "pull" ? pullBucketName(config.settings.pullBucketPrefix, name) : name}`;
const keyOf = (d: { kind: DatasetKind; name: string }) => `${d.kind}:${d.name}`;
const datasets = (config: Config): Dataset[] => [...config.push, ...config.pull];

/** The datasets of `head` that `base` does not have: what the change adds. */
export function addedDatasets(head: Config, base: Config): Dataset[] {
  const before = new Set(datasets(base).map(keyOf));
  return datasets(head).filter((d) => !before.has(keyOf(d)));
}

/**
 * What removed datasets left behind, as the base of a change sees it: the datasets the change
 * itself removes, then every removal in the base's history, newest first. A bucket or prefix that a
 * dataset of the base still has is no one's leftover. The history is read only when the change
 * adds a dataset: nothing else can take anything over. `read` is the history reader (tests count
 * its calls).
 */
export async function leftBehind(
  root: string,
  ref: string,
  base: Config,
  head: Config,
  read: typeof removedDatasets = removedDatasets,
): Promise<LeftBehind[]> {
  if (addedDatasets(head, base).length === 0) return [];
  const inHead = new Set(datasets(head).map(keyOf));
  const nowRemoved: LeftBehind[] = datasets(base)
    .filter((d) => !inHead.has(keyOf(d)))
    .map((d) => ({ kind: d.kind, name: d.name, file: d.file, ...(d.kind === "push" ? { target: d.bucket } : {}) }));
  const earlier: LeftBehind[] = (await read(root, ref)).map((r) => ({
    kind: r.kind,
    name: r.name,
    file: r.path,
    commit: r.commit,
    ...(r.target ? { target: r.target } : {}),
  }));
  const live = new Set(datasets(base).map((d) => identity(d.kind, d.name, base)));
  const seen = new Set<string>();
  return [...nowRemoved, ...earlier].filter((l) => {
    const id = identity(l.kind, l.name, base);
    if (live.has(id) && l.commit !== undefined) return false;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

/**
 * Each dataset the change adds whose bucket (pull) or prefix (push) is one a removed dataset left
 * behind. Matching is by the bucket and the prefix the names give, never by the files' paths.
 */
export function takeOvers(head: Config, base: Config, left: readonly LeftBehind[]): TakeOver[] {
  const byIdentity = new Map(left.map((l) => [identity(l.kind, l.name, head), l]));
  return addedDatasets(head, base).flatMap((dataset) => {
    const from = byIdentity.get(identity(dataset.kind, dataset.name, head));
    if (!from) return [];
    const sameTarget = dataset.kind === "pull" || from.target === dataset.bucket;
    return [
      { dataset, from, explicit: dataset.takesOver === from.name, identical: from.name === dataset.name && sameTarget },
    ];
  });
}

/** Where a removal happened, in the words every message and plan line uses. */
export const removedWhere = (from: LeftBehind) =>
  from.commit ? `was removed in commit ${from.commit}` : "is removed by this change";

/** What a dataset takes over, in the words of a message: the bucket, or the prefix and its old target. */
function whatIsLeft(t: TakeOver, exportBucket: string): string {
  const { from } = t;
  if (t.dataset.kind === "pull")
    return `its bucket s3://${t.dataset.bucket} is the one ${from.name} (${from.file}) left behind, kept with its data, when it ${removedWhere(from)}`;
  const went = from.target ? `, bound for s3://${from.target},` : "";
  return `files that ${from.name} (${from.file}) left waiting under s3://${exportBucket}/${from.name}/${went} when it ${removedWhere(from)} would go to s3://${t.dataset.bucket}`;
}

/** A take-over that is neither the same dataset coming back nor says so: refused at its name. */
function unsaid(t: TakeOver, exportBucket: string): Issue {
  const { dataset: d, from } = t;
  const otherwise =
    d.kind === "pull"
      ? "choose a name whose bucket no dataset has had"
      : `choose a name no push dataset has had${from.target ? `, or send to the same target as before (bucket: ${from.target})` : ""}`;
  const fix = `To take it over knowingly (the plan then says so in its first lines), add the line takes_over: ${from.name}; otherwise ${otherwise}.`;
  const what = `${whatIsLeft(t, exportBucket)}: a new dataset may not take that over in silence`;
  return datasetIssue(d, d.source.name, TAKES_OVER_RULE.id, "error", message(what, quote(d.name), fix));
}

/** A `takes_over` that names another dataset than the one left behind, or nothing: refused at its value. */
function wrongTakesOver(d: Dataset, t: TakeOver | undefined, exportBucket: string): Issue {
  const left =
    d.kind === "pull" ? `this dataset's bucket s3://${d.bucket}` : `files under s3://${exportBucket}/${d.name}/`;
  const what = t
    ? `takes_over names ${d.takesOver}, but what this dataset gets was left behind by ${t.from.name}`
    : `takes_over names ${d.takesOver}, but no removed dataset left behind ${left} (a shallow clone knows only the removals it fetched)`;
  const fix = t ? `Write takes_over: ${t.from.name}.` : "Remove the takes_over line: there is nothing to take over.";
  return datasetIssue(
    d,
    d.source.takesOver,
    TAKES_OVER_RULE.id,
    "error",
    message(what, `takes_over: ${d.takesOver}`, fix),
  );
}

/**
 * The located errors of a change's take-overs (rule takes-over): one that is neither the same
 * dataset coming back nor says `takes_over`, and a `takes_over` on an added dataset that names
 * another dataset or nothing it takes over. A dataset the base already has is not judged: its
 * take-over, if any, is history.
 */
export function takeOverIssues(head: Config, base: Config, found: readonly TakeOver[]): Issue[] {
  const exportBucket = head.settings.exportBucket;
  const taking = new Map(found.map((t) => [t.dataset, t]));
  return addedDatasets(head, base).flatMap((d): Issue[] => {
    const t = taking.get(d);
    if (d.takesOver === undefined) return t && !t.identical ? [unsaid(t, exportBucket)] : [];
    return t?.explicit ? [] : [wrongTakesOver(d, t, exportBucket)];
  });
}
