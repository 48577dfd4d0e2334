import type { RuleMeta } from "./ruleMeta";
import { isScalar, isSeq, type ParsedNode } from "yaml";
import { accessLogsBucketName } from "./platformBuckets";
import { ACCOUNT_ID, PULL_BUCKET_PREFIX, bucketNameProblem } from "./names";
import { partition, type Issue, type Validated } from "./issue";
import { describe, message, quote } from "./message";
import { parseMapping } from "./parseMapping";
import { regionProblem } from "./regions";
import { suggestKey } from "./rules/unknownKey";
import { SETTINGS_KEYS } from "./schema";
import { DEFAULT_SETTINGS, type Settings } from "./settings";
import { EXPIRY_SETTING_CHECKS, expirySettingsOf } from "./expirySettings";
import type { SourceFile } from "./sourceFile";
import { compileUserNamePattern, userNamePrefix } from "./userNamePattern";

/** The rule `settings-value`: its id and its row of docs/rules.md. */
export const SETTINGS_VALUE_RULE: RuleMeta = {
  id: "settings-value",
  severity: "error (one warning)",
  description:
    "`export_bucket` is a valid bucket name of at most 51 characters, so its access-log bucket `<export bucket>-access-logs` is one too. `pull_bucket_prefix` is the start of one (at most 30 characters), without a reserved start such as `xn--`, which would spoil every pull bucket. `user_name_pattern` is a regular expression anchored with `^` and `$` that runs in linear time: it is matched with RE2 semantics, so backreferences and lookaround are refused, and no user name can stall validation. `account_id` is 12 digits, quoted. `region` is a region that exists, in the `aws` partition: every ARN the platform writes is `arn:aws:`, so regions of other partitions (`cn-north-1`, `us-gov-west-1`) are refused. `reserved_buckets` is a list of bucket names. `alarm_emails` is a comma-separated list of email addresses. `time_zone` is an IANA time zone name spelt as the database spells it (`Europe/London`), `expiry_warning_days` a whole number from 1 to 366, `max_expiry_months` one from 1 to 120, and `require_expires` is `true` or `false`. `ledger_retention_years` is a whole number from 1 to 100 (S3 Object Lock's longest default retention). A `user_name_pattern` with no fixed start (`^[a-z]+$`) is warned about: the role that writes users' policies may write on roles whose names start with that fixed text, so without one it may write on every role.",
};

/** The rule `unknown-key`: its id and its row of docs/rules.md. */
export const UNKNOWN_SETTING_RULE: RuleMeta = {
  id: "unknown-key",
  severity: "error",
  description:
    "Only `export_bucket`, `pull_bucket_prefix`, `user_name_pattern`, `account_id`, `region`, `reserved_buckets`, `alarm_emails`, `time_zone`, `expiry_warning_days`, `require_expires`, `max_expiry_months` and `ledger_retention_years`.",
};

type Verdict = { problem: string; fix: string } | undefined;

/** alarm_emails: addresses separated by commas. */
const emailsOf = (v: string) =>
  v
    .split(",")
    .map((e) => e.trim())
    .filter(Boolean);
const EMAIL = /^[^@\s,]+@[^@\s,]+\.[^@\s,]+$/;

const ACCESS_LOGS_SUFFIX = accessLogsBucketName("").length;

function exportBucketProblem(v: string): Verdict {
  const problem = bucketNameProblem(v);
  if (problem)
    return {
      problem: `export_bucket is not a valid S3 bucket name: it ${problem}`,
      fix: "Give the export bucket's exact name.",
    };
  const logs = accessLogsBucketName(v);
  if (bucketNameProblem(logs))
    return {
      problem: `export_bucket is too long: its access-log bucket ${quote(logs)} would be ${logs.length} characters, and S3 allows 63`,
      fix: `Shorten it to at most ${63 - ACCESS_LOGS_SUFFIX} characters.`,
    };
  return undefined;
}

/** Checks of the settings given as text. */
const TEXT_CHECKS: Record<string, (value: string) => Verdict> = {
  account_id: (v) =>
    ACCOUNT_ID.test(v)
      ? undefined
      : { problem: "account_id must be 12 digits", fix: 'Write it in quotes, e.g. account_id: "123456789012".' },
  region: regionProblem,
  export_bucket: exportBucketProblem,
  pull_bucket_prefix: (v) => {
    if (!PULL_BUCKET_PREFIX.test(v))
      return {
        problem: "pull_bucket_prefix must be the start of an S3 bucket name, at most 30 characters",
        fix: "Use lower case letters, digits, '.' and '-', e.g. mojap-.",
      };
    // Judged here, once, rather than on every pull dataset: a reserved start spoils every bucket.
    const problem = bucketNameProblem(`${v}x`);
    return problem
      ? {
          problem: `every pull bucket would start with pull_bucket_prefix, and then ${problem}`,
          fix: "Write e.g. pull_bucket_prefix: mojap-.",
        }
      : undefined;
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
    const compiled = compileUserNamePattern(v);
    return "problem" in compiled ? compiled : undefined;
  },
};

/** Settings given as a list of bucket names. */
const LIST_KEYS = new Set(["reserved_buckets"]);

/**
 * Validates the settings file's text; a missing file (undefined) means every default applies.
 * Pure and total, like dataset validation. Every issue is located at the settings line that is
 * wrong: datasets are never judged against settings with errors.
 */
export function validateSettings(source: SourceFile | undefined): Validated<Settings> {
  if (!source) return { value: DEFAULT_SETTINGS, errors: [], warnings: [] };
  const { map, issues } = parseMapping(source, "a mapping such as export_bucket: mojap-hub-exports");
  if (!map) return { value: DEFAULT_SETTINGS, ...partition(issues) };

  const values: Record<string, string> = {};
  const lists: Record<string, string[]> = {};
  const expiry: Record<string, string | number | boolean> = {};
  const at = (node: ParsedNode | null | undefined, problem: string, found: string, fix: string) =>
    source.issueAt(node, SETTINGS_VALUE_RULE.id, "error", message(problem, found, fix));

  const found: Issue[] = map.items.flatMap((pair) => {
    const key = isScalar(pair.key) ? String(pair.key.value) : "";
    const node = pair.value;
    const typed = EXPIRY_SETTING_CHECKS[key];
    if (typed) {
      const verdict = typed(node);
      if ("value" in verdict) {
        expiry[key] = verdict.value;
        return [];
      }
      return [at(node, verdict.problem, describe(node), verdict.fix)];
    }
    if (LIST_KEYS.has(key)) {
      if (!isSeq(node))
        return [
          at(node, `${key} must be a list of bucket names`, describe(node), `Write ${key}: [] or one name per line.`),
        ];
      const names: string[] = [];
      const problems = node.items.flatMap((item) => {
        const value = isScalar(item) ? item.value : undefined;
        const problem = typeof value === "string" ? bucketNameProblem(value) : "is not text";
        if (typeof value === "string" && !problem) {
          names.push(value);
          return [];
        }
        return [
          at(
            item,
            `${key} lists S3 bucket names, and this one ${problem}`,
            describe(item),
            "Give the bucket's exact name.",
          ),
        ];
      });
      lists[key] = names;
      return problems;
    }
    const check = TEXT_CHECKS[key];
    if (!check) {
      const fix = suggestKey(key, SETTINGS_KEYS);
      return [
        source.issueAt(
          pair.key,
          UNKNOWN_SETTING_RULE.id,
          "error",
          message(`${quote(key)} is not a setting`, quote(key), fix),
        ),
      ];
    }
    if (!isScalar(node) || typeof node.value !== "string") {
      // An unquoted account id is a number to YAML, and would lose any leading zeros.
      const fix =
        typeof (node as { value?: unknown } | null)?.value === "number"
          ? `Put it in quotes: ${key}: "${String((node as { source?: string }).source ?? "")}".`
          : `Give ${key} as text on the same line.`;
      return [at(node, `${key} must be text`, describe(node), fix)];
    }
    const verdict = check(node.value);
    if (verdict) return [at(node, verdict.problem, describe(node), verdict.fix)];
    values[key] = node.value;
    if (key === "user_name_pattern" && userNamePrefix({ source: node.value }) === "") {
      // The users stacks may write policies on roles whose names start with the pattern's fixed text.
      const what =
        "user_name_pattern starts with no fixed text, so the role that writes platform users' policies may write them on every IAM role of the account";
      const fix = "Start it with the platform users' fixed prefix, e.g. ^alpha_user_[A-Za-z0-9][A-Za-z0-9_-]*$.";
      return [source.issueAt(node, SETTINGS_VALUE_RULE.id, "warning", message(what, describe(node), fix))];
    }
    return [];
  });
  const pattern = values.user_name_pattern ? compileUserNamePattern(values.user_name_pattern) : undefined;
  const value: Settings = {
    exportBucket: values.export_bucket ?? DEFAULT_SETTINGS.exportBucket,
    pullBucketPrefix: values.pull_bucket_prefix ?? DEFAULT_SETTINGS.pullBucketPrefix,
    userNamePattern: pattern && !("problem" in pattern) ? pattern : DEFAULT_SETTINGS.userNamePattern,
    accountId: values.account_id ?? DEFAULT_SETTINGS.accountId,
    region: values.region ?? DEFAULT_SETTINGS.region,
    reservedBuckets: lists.reserved_buckets ?? DEFAULT_SETTINGS.reservedBuckets,
    alarmEmails: values.alarm_emails ? emailsOf(values.alarm_emails) : DEFAULT_SETTINGS.alarmEmails,
    ...expirySettingsOf(expiry, DEFAULT_SETTINGS),
    ledgerRetentionYears:
      typeof expiry.ledger_retention_years === "number"
        ? expiry.ledger_retention_years
        : DEFAULT_SETTINGS.ledgerRetentionYears,
  };
  return { value, ...partition([...issues, ...found]) };
}
