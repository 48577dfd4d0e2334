import { stringify } from "yaml";
import type { DatasetKind } from "../../config/dataset";
import type { Issue } from "../../config/issue";
import type { Settings } from "../../config/settings";
import { validateDataset } from "../../config/validateDataset";
import { expiryIssues } from "../../config/expiryRules";
import { todayIn } from "../../config/expiry";
import { message, quote } from "../../config/message";
import { SCHEMA_FILES } from "../../config/jsonSchemas";
import type { DatasetKey } from "../../config/schema";

/** The answers for a new dataset file, key by key, as the file will hold them. */
export type Answers = Record<string, string | string[] | boolean | Record<string, string | string[]>[]>;

/** The order of keys in a written file: the guide's, whatever order they were asked in. */
const KEY_ORDER: readonly string[] = [
  "name",
  "bucket",
  "bucket_owner",
  "pull_arns",
  "google_service_accounts",
  "azure_workloads",
  "users",
  "keep_files",
  "allow_push",
  "bucket_versioning",
  "paperwork",
  "expires",
  "notify",
  "notify_deliveries",
  "files",
] satisfies DatasetKey[];
const rank = (key: string) => (KEY_ORDER.includes(key) ? KEY_ORDER.indexOf(key) : KEY_ORDER.length);

/** The text of a dataset file: the editor-schema line, then the answers in the guide's order. */
export function datasetText(kind: DatasetKind, answers: Answers): string {
  const ordered = Object.fromEntries(Object.entries(answers).sort(([a], [b]) => rank(a) - rank(b)));
  return `# yaml-language-server: $schema=../${SCHEMA_FILES[kind]}\n${stringify(ordered)}`;
}

/**
 * What the rules say about one answer, given the answers so far: only issues on that key's own
 * lines, so a file that is still incomplete does not count against it.
 */
export function problemsWith(
  kind: DatasetKind,
  name: string,
  answers: Answers,
  key: string,
  settings: Settings,
): Issue[] {
  const text = datasetText(kind, answers);
  const lines = text.split("\n");
  const start = lines.findIndex((l) => l.startsWith(`${key}:`)) + 1;
  if (start === 0) return [];
  let end = start;
  while (end < lines.length && /^(\s|- )/.test(lines[end] ?? "")) end++;
  const { errors } = validateDataset(kind, `${kind}_datasets/${name}.yaml`, text, settings);
  return errors.filter((e) => e.rule !== "required-key" && e.line >= start && e.line <= end);
}

/**
 * What the expiry rules say about the answer for `expires` on the day `now`: a date already past,
 * or further ahead than the settings allow. Empty while the file is not yet a valid dataset.
 */
export function expiryProblems(
  kind: DatasetKind,
  name: string,
  answers: Answers,
  settings: Settings,
  now: Date,
): Issue[] {
  const { value } = validateDataset(kind, `${kind}_datasets/${name}.yaml`, datasetText(kind, answers), settings);
  if (!value) return [];
  const config = { settings, push: value.kind === "push" ? [value] : [], pull: value.kind === "pull" ? [value] : [] };
  return expiryIssues(config, now)
    .filter((i) => i.severity === "error")
    .map((i) =>
      i.rule === "expires-passed" ? { ...i, message: passedMessage(value.expires ?? "", settings, now) } : i,
    );
}

/**
 * A past day for a dataset not yet written: its rule speaks of removing or renewing the file,
 * which a new dataset has not got; here the answer is simply a later day (said as the prompt or
 * flag gives it, like every fix).
 */
function passedMessage(expires: string, settings: Settings, now: Date): string {
  const today = todayIn(settings.timeZone, now);
  return message(
    `the last day of access has passed (today is ${today} in ${settings.timeZone})`,
    quote(expires),
    `Write ${today} or a later day, when the paperwork ends or is reviewed.`,
  );
}
