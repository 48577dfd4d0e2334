import type { Config } from "./config";
import type { DatasetText } from "./dataset";
import type { RetainedBucket } from "./earlierRemovals";
import { compareIssues, compareText, partition, type Issue, type Validated } from "./issue";
import { googleIdEmail } from "./rules/googleIdEmail";
import { nameUnique, type BaseNames } from "./rules/nameUnique";
import { pullBucketUnique } from "./rules/pullBucketUnique";
import { targetPullBucket } from "./rules/targetPullBucket";
import { userCaseUnique } from "./rules/userCaseUnique";
import type { Settings } from "./settings";
import { validateDatasets, type DatasetResult } from "./validateDataset";

/**
 * Validates every dataset file and the rules that span files. Pure: the caller reads the files,
 * and the history (`retained`: the pull buckets that removed pull datasets left behind).
 * The config holds only datasets without errors; `errors` says what kept the others out.
 * `base`, when known, says which files a change left untouched (see nameUnique).
 */
export function validateConfig(
  settings: Settings,
  texts: readonly DatasetText[],
  readIssues: readonly Issue[] = [],
  retained: readonly RetainedBucket[] = [],
  base?: BaseNames,
): Validated<Config> {
  return checkAcrossFiles(settings, validateFiles(settings, texts), readIssues, retained, base);
}

/** Each file validated on its own, in path order: the first half of validateConfig. */
export function validateFiles(settings: Settings, texts: readonly DatasetText[]): DatasetResult[] {
  const sorted = [...texts].sort((a, b) => compareText(a.path, b.path));
  return validateDatasets(sorted, settings);
}

/**
 * The rules that span files, run on the files' results, and the config they leave: the second
 * half of validateConfig, which loadConfig runs again alone once it has read the history.
 */
export function checkAcrossFiles(
  settings: Settings,
  results: readonly DatasetResult[],
  readIssues: readonly Issue[] = [],
  retained: readonly RetainedBucket[] = [],
  base?: BaseNames,
): Validated<Config> {
  const files = results.flatMap((r) => (r.facts ? [r.facts] : []));
  const pulls = results.flatMap((r) =>
    r.value?.kind === "pull" && r.facts ? [{ dataset: r.value, file: r.facts }] : [],
  );
  const pushes = results.flatMap((r) =>
    r.value?.kind === "push" && r.facts ? [{ dataset: r.value, file: r.facts }] : [],
  );
  const duplicates = nameUnique(files, settings.pullBucketPrefix, base);
  const crossFile = [
    ...duplicates,
    ...userCaseUnique(files),
    ...googleIdEmail(files),
    ...pullBucketUnique(pulls),
    ...targetPullBucket(
      pushes,
      pulls.map((p) => p.dataset),
      retained,
    ),
  ];

  // A cross-file warning keeps its dataset; only an error leaves it out.
  const rejected = new Set(crossFile.filter((i) => i.severity === "error").map((i) => i.file));
  const valid = results
    .flatMap((r) => (r.value && !rejected.has(r.value.file) ? [r.value] : []))
    .sort((a, b) => compareText(a.name, b.name));
  // A file whose name is taken is not told to take that name as its file name too.
  const duplicated = new Set(duplicates.map((i) => i.file));
  const fileIssues = results
    .flatMap((r) => [...r.errors, ...r.warnings])
    .filter((i) => !(i.rule === "name-matches-file" && duplicated.has(i.file)));
  const all = [...readIssues, ...fileIssues, ...crossFile].sort(compareIssues);
  const value: Config = {
    settings,
    push: valid.filter((d) => d.kind === "push"),
    pull: valid.filter((d) => d.kind === "pull"),
  };
  return { value, ...partition(all) };
}
