import { isScalar, type ParsedNode } from "yaml";
import { PULL_BUCKET_PREFIX, REGION, bucketNameProblem } from "./names";
import { partition, type Issue, type Validated } from "./issue";
import { describe, message, quote } from "./message";
import { parseMapping } from "./parseMapping";
import { suggestKey } from "./rules/unknownKey";
import { SETTINGS_KEYS } from "./schema";
import { DEFAULT_SETTINGS, type Settings } from "./settings";
import type { SourceFile } from "./sourceFile";

/** alarm_emails: addresses separated by commas (the settings file holds text values only). */
const emailsOf = (v: string) =>
  v
    .split(",")
    .map((e) => e.trim())
    .filter(Boolean);
const EMAIL = /^[^@\s,]+@[^@\s,]+\.[^@\s,]+$/;

type Check = (value: string) => { problem: string; fix: string } | undefined;

const CHECKS: Record<string, Check> = {
  account_id: (v) =>
    /^\d{12}$/.test(v)
      ? undefined
      : { problem: "account_id must be 12 digits", fix: 'Write it in quotes, e.g. account_id: "123456789012".' },
  region: (v) =>
    REGION.test(v) ? undefined : { problem: "region must be an AWS region name", fix: "Write e.g. region: eu-west-1." },
  export_bucket: (v) => {
    const problem = bucketNameProblem(v);
    return problem
      ? {
          problem: `export_bucket is not a valid S3 bucket name: it ${problem}`,
          fix: "Give the export bucket's exact name.",
        }
      : undefined;
  },
  pull_bucket_prefix: (v) =>
    PULL_BUCKET_PREFIX.test(v)
      ? undefined
      : {
          problem: "pull_bucket_prefix must be the start of an S3 bucket name, at most 30 characters",
          fix: "Use lower case letters, digits, '.' and '-', e.g. mojap-.",
        },
  alarm_emails: (v) => {
    const wrong = emailsOf(v).find((e) => !EMAIL.test(e));
    if (wrong === undefined && emailsOf(v).length > 0) return undefined;
    return {
      problem: `alarm_emails lists email addresses separated by commas${wrong ? `, and ${quote(wrong)} is not one` : ""}`,
      fix: "Write e.g. alarm_emails: data-engineering@example.org, on-call@example.org.",
    };
  },
  user_name_pattern: (v) => {
    if (!v.startsWith("^") || !v.endsWith("$"))
      return { problem: "user_name_pattern must match whole names", fix: `Anchor it: ^${v.replace(/^\^|\$$/g, "")}$.` };
    try {
      new RegExp(v);
      return undefined;
    } catch (error) {
      return {
        problem: `user_name_pattern is not a regular expression (${(error as Error).message})`,
        fix: "Correct the expression.",
      };
    }
  },
};

/**
 * Validates the settings file's text; a missing file (undefined) means every default applies.
 * Pure and total, like dataset validation.
 */
export function validateSettings(source: SourceFile | undefined): Validated<Settings> {
  if (!source) return { value: DEFAULT_SETTINGS, errors: [], warnings: [] };
  const { map, issues } = parseMapping(source, "a mapping such as export_bucket: mojap-hub-exports");
  if (!map) return { value: DEFAULT_SETTINGS, ...partition(issues) };

  const values: Record<string, string> = {};
  const found: Issue[] = map.items.flatMap((pair) => {
    const key = isScalar(pair.key) ? String(pair.key.value) : "";
    const check = CHECKS[key];
    if (!check) {
      const fix = suggestKey(key, SETTINGS_KEYS);
      return [
        source.issueAt(
          pair.key as ParsedNode,
          "unknown-key",
          "error",
          message(`${quote(key)} is not a setting`, quote(key), fix),
        ),
      ];
    }
    const node = pair.value;
    if (!isScalar(node) || typeof node.value !== "string") {
      // An unquoted account id is a number to YAML, and would lose any leading zeros.
      const fix =
        typeof (node as { value?: unknown } | null)?.value === "number"
          ? `Put it in quotes: ${key}: "${String((node as { source?: string }).source ?? "")}".`
          : `Write ${key}: <value>.`;
      return [source.issueAt(node, "settings-value", "error", message(`${key} must be text`, describe(node), fix))];
    }
    const verdict = check(node.value);
    if (verdict)
      return [source.issueAt(node, "settings-value", "error", message(verdict.problem, describe(node), verdict.fix))];
    values[key] = node.value;
    return [];
  });
  const value: Settings = {
    exportBucket: values.export_bucket ?? DEFAULT_SETTINGS.exportBucket,
    pullBucketPrefix: values.pull_bucket_prefix ?? DEFAULT_SETTINGS.pullBucketPrefix,
    userNamePattern: values.user_name_pattern ? new RegExp(values.user_name_pattern) : DEFAULT_SETTINGS.userNamePattern,
    accountId: values.account_id ?? DEFAULT_SETTINGS.accountId,
    region: values.region ?? DEFAULT_SETTINGS.region,
    alarmEmails: values.alarm_emails ? emailsOf(values.alarm_emails) : DEFAULT_SETTINGS.alarmEmails,
  };
  return { value, ...partition(found) };
}
