import { isScalar, type ParsedNode } from "yaml";
import * as z from "zod";
import { DEFAULT_TIME_ZONE, canonicalTimeZone } from "./expiry";
import type { Settings } from "./settings";

/** The settings of `expires`, as the settings file's JSON Schema publishes them. */
export const expirySettingsSchema = {
  time_zone: z
    .string()
    .optional()
    .describe("IANA time zone whose whole days expires dates name (default Europe/London)."),
  expiry_warning_days: z
    .number()
    .int()
    .min(1)
    .max(366)
    .optional()
    .describe("Days before expires that validate warns and the daily pull request lists a dataset (default 30)."),
  require_expires: z.boolean().optional().describe("New datasets must give expires and paperwork (default false)."),
  max_expiry_months: z
    .number()
    .int()
    .min(1)
    .max(120)
    .optional()
    .describe("The furthest expires may be from today, in months, e.g. 24 (default: no limit)."),
};

/**
 * The delivery ledger's retention, in years: at least one, and at most S3 Object Lock's longest
 * default retention, 100 years (https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock.html).
 */
export const LEDGER_RETENTION_YEARS = { min: 1, max: 100 } as const;

type Verdict = { value: string | number | boolean } | { problem: string; fix: string };
type Check = (node: ParsedNode | null) => Verdict;

const whole =
  (key: string, min: number, max: number, example: number): Check =>
  (node) => {
    const value = isScalar(node) ? node.value : undefined;
    if (typeof value === "number" && Number.isInteger(value) && value >= min && value <= max) return { value };
    return { problem: `${key} must be a whole number from ${min} to ${max}`, fix: `Write e.g. ${key}: ${example}.` };
  };

/** Checks of the settings whose values are not all text (expiry, the ledger's retention): each gives the value or a problem and its fix. */
export const EXPIRY_SETTING_CHECKS: Record<string, Check> = {
  time_zone: (node) => {
    const value = isScalar(node) && typeof node.value === "string" ? node.value : undefined;
    const canonical = value === undefined ? undefined : canonicalTimeZone(value);
    if (value !== undefined && canonical === value) return { value };
    return {
      problem: "time_zone must be an IANA time zone name",
      fix: `Write time_zone: ${canonical ?? DEFAULT_TIME_ZONE}.`,
    };
  },
  expiry_warning_days: whole("expiry_warning_days", 1, 366, 30),
  max_expiry_months: whole("max_expiry_months", 1, 120, 24),
  ledger_retention_years: whole("ledger_retention_years", LEDGER_RETENTION_YEARS.min, LEDGER_RETENTION_YEARS.max, 7),
  require_expires: (node) =>
    isScalar(node) && typeof node.value === "boolean"
      ? { value: node.value }
      : { problem: "require_expires must be true or false", fix: "Write require_expires: true (no quotes)." },
};

/** The expiry part of the settings, from the values that passed their checks. */
export function expirySettingsOf(
  values: Record<string, string | number | boolean>,
  defaults: Settings,
): Pick<Settings, "timeZone" | "expiryWarningDays" | "requireExpires" | "maxExpiryMonths"> {
  const months = values.max_expiry_months ?? defaults.maxExpiryMonths;
  return {
    timeZone: (values.time_zone as string | undefined) ?? defaults.timeZone,
    expiryWarningDays: (values.expiry_warning_days as number | undefined) ?? defaults.expiryWarningDays,
    requireExpires: (values.require_expires as boolean | undefined) ?? defaults.requireExpires,
    ...(months === undefined ? {} : { maxExpiryMonths: months as number }),
  };
}
