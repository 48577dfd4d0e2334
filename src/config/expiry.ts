import type * as Luxon from "luxon";
import { createRequire } from "node:module";

/**
 * Dates of `expires` as whole days in a named time zone. Luxon does the calendar and time-zone
 * arithmetic: days of 23 or 25 hours at daylight-saving changes, and zones whose clocks skip
 * midnight itself (then a day starts at 01:00), come from the IANA database through Intl.
 */

// Luxon is loaded the first time a date is worked out, not with the module: `exports validate`
// needs it only for files that give `expires`, and loading it is a tenth of the CLI's start-up.
const requireHere = createRequire(import.meta.url);
let luxon: typeof Luxon | undefined;
function dates(): typeof Luxon {
  luxon ??= requireHere("luxon") as typeof Luxon;
  return luxon;
}

/** The time zone whose whole days `expires` dates name when the settings name none. */
export const DEFAULT_TIME_ZONE = "Europe/London";

/** The written form of `expires`: a calendar date, YYYY-MM-DD. */
export const EXPIRES_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** True when `text` is YYYY-MM-DD and a day that exists (not 2026-02-29 or 2026-04-31). */
export function isCalendarDate(text: string): boolean {
  if (!EXPIRES_DATE.test(text)) return false;
  return dates().DateTime.fromISO(text, { zone: "UTC" }).toISODate() === text;
}

/**
 * The IANA time zone `name` stands for, spelt as the database spells it (`europe/london` gives
 * Europe/London), or undefined when Intl does not know it.
 */
export function canonicalTimeZone(name: string): string | undefined {
  // The default, which most settings files name, is canonical (test/config/expiry.test.ts): listing
  // Intl's 400-odd names costs validate about 3 ms of its start-up.
  if (name === DEFAULT_TIME_ZONE) return name;
  // A name the database lists as it is spelt is its own canonical form, and listing the names is
  // cheap; a formatter in a time zone loads the zone data, the larger part of validate's start-up.
  if (canonicalZones().has(name)) return name;
  if (!dates().IANAZone.isValidZone(name)) return undefined;
  return new Intl.DateTimeFormat("en-GB", { timeZone: name }).resolvedOptions().timeZone;
}

let zones: ReadonlySet<string> | undefined;
/** Intl's canonical time zone names (`Europe/London`; not aliases such as `GB`, nor other spellings). */
function canonicalZones(): ReadonlySet<string> {
  zones ??= new Set(Intl.supportedValuesOf("timeZone"));
  return zones;
}

/** The first instant after the last day of access: the start of the next day in `timeZone`. */
export function accessEnd(expires: string, timeZone: string): Date {
  return dates().DateTime.fromISO(expires, { zone: timeZone }).plus({ days: 1 }).startOf("day").toJSDate();
}

/**
 * The instant access ends, as IAM's date conditions read it (ISO 8601 in UTC, whole seconds):
 * a request is allowed while `aws:CurrentTime` is before it.
 */
export function accessEndInstant(expires: string, timeZone: string): string {
  return accessEnd(expires, timeZone)
    .toISOString()
    .replace(/\.000Z$/, "Z");
}

/** Today's date in `timeZone` at the instant `now`. */
export function todayIn(timeZone: string, now: Date): string {
  return dates().DateTime.fromJSDate(now, { zone: timeZone }).toISODate() as string;
}

/**
 * Whole days of access left after today: 0 on the last day, negative once it has passed (-1 on
 * the first day without access).
 */
export function daysLeft(expires: string, timeZone: string, now: Date): number {
  const today = dates().DateTime.fromISO(todayIn(timeZone, now), { zone: "UTC" });
  return Math.round(dates().DateTime.fromISO(expires, { zone: "UTC" }).diff(today, "days").days);
}

/** True from the first instant after the last day of access. */
export function hasExpired(expires: string, timeZone: string, now: Date): boolean {
  return now.getTime() >= accessEnd(expires, timeZone).getTime();
}

/** The date `months` after `date` (YYYY-MM-DD), clamped to the end of a shorter month. */
export function addMonths(date: string, months: number): string {
  return dates().DateTime.fromISO(date, { zone: "UTC" }).plus({ months }).toISODate() as string;
}
