import { describe, expect, it } from "vitest";
import { accessEndInstant, canonicalTimeZone, daysLeft, hasExpired, isCalendarDate } from "../../src/config/expiry";
import { expiryIssues } from "../../src/config/expiryRules";
import { DEFAULT_SETTINGS, type Settings } from "../../src/config/settings";
import { SourceFile } from "../../src/config/sourceFile";
import { validateDataset } from "../../src/config/validateDataset";
import { validateSettings } from "../../src/config/validateSettings";
import { configOf } from "../synth";

/** An instant, written in UTC: the injected clock of every case (never the machine's). */
const at = (iso: string) => new Date(iso);
const before = (iso: string) => new Date(new Date(iso).getTime() - 1);

describe("the end of a dataset's last day, in the settings' time zone", () => {
  it.each([
    { name: "winter (GMT)", expires: "2026-12-31", zone: "Europe/London", end: "2027-01-01T00:00:00Z" },
    { name: "summer (BST, UTC+1)", expires: "2026-06-30", zone: "Europe/London", end: "2026-06-30T23:00:00Z" },
    { name: "the day clocks go forward", expires: "2026-03-28", zone: "Europe/London", end: "2026-03-29T00:00:00Z" },
    { name: "the first BST day (23 hours)", expires: "2026-03-29", zone: "Europe/London", end: "2026-03-29T23:00:00Z" },
    { name: "the last BST day", expires: "2026-10-24", zone: "Europe/London", end: "2026-10-24T23:00:00Z" },
    {
      name: "the day clocks go back (25 hours)",
      expires: "2026-10-25",
      zone: "Europe/London",
      end: "2026-10-26T00:00:00Z",
    },
    { name: "a leap day", expires: "2028-02-29", zone: "Europe/London", end: "2028-03-01T00:00:00Z" },
    { name: "another zone", expires: "2026-12-31", zone: "Asia/Tokyo", end: "2026-12-31T15:00:00Z" },
    // Chile moves its clocks at midnight: 6 September 2026 starts at 01:00, UTC-3.
    {
      name: "a zone whose next day starts at 01:00",
      expires: "2026-09-05",
      zone: "America/Santiago",
      end: "2026-09-06T04:00:00Z",
    },
  ])("$name: $expires in $zone ends at $end", ({ expires, zone, end }) => {
    expect(accessEndInstant(expires, zone)).toBe(end);
    expect(hasExpired(expires, zone, before(end)), "the last instant of the last day").toBe(false);
    expect(hasExpired(expires, zone, at(end)), "the first instant after it").toBe(true);
    expect(daysLeft(expires, zone, before(end))).toBe(0);
    expect(daysLeft(expires, zone, at(end))).toBe(-1);
  });

  // IAM reads a date condition in the W3C profile of ISO 8601, whose years have four digits: a
  // "never" written as 9999-12-31 must not end at +010000-01-01, which no policy can hold.
  it.each(["Europe/London", "Pacific/Pago_Pago", "Pacific/Kiritimati", "America/Los_Angeles"])(
    "refuses a last day whose access would end after the year 9999 in %s, and its fix is a day that ends in time",
    (zone) => {
      const settings: Settings = { ...DEFAULT_SETTINGS, timeZone: zone };
      const file = (expires: string) =>
        `name: forever\nbucket: receiving-bucket\nusers: [alpha_user_ana]\nexpires: ${expires}\n`;
      for (const day of ["9999-12-30", "9999-12-31"]) {
        const { errors } = validateDataset("push", "push_datasets/forever.yaml", file(day), settings);
        const ends = accessEndInstant(day, zone);
        if (/^\d{4}-/.test(ends)) {
          expect(errors, `${day} ends at ${ends}`).toEqual([]);
          continue;
        }
        expect(errors).toEqual([expect.objectContaining({ rule: "expires-date", line: 4, column: 10 })]);
        const fix = /e\.g\. expires: (\d{4}-\d{2}-\d{2})/.exec(errors[0]?.message ?? "")?.[1] ?? "";
        expect(validateDataset("push", "push_datasets/forever.yaml", file(fix), settings).errors).toEqual([]);
        expect(accessEndInstant(fix, zone)).toMatch(/^9999-12-3\dT/);
      }
    },
  );

  it.each(["2028-02-29", "2026-12-31", "2027-01-01"])("takes %s as a day", (d) => expect(isCalendarDate(d)).toBe(true));
  it.each(["2027-02-29", "2026-04-31", "2026-13-01", "2026-1-1", "31/12/2026", "2026-12-31T00:00"])("refuses %s", (d) =>
    expect(isCalendarDate(d)).toBe(false),
  );
});

const push = (name: string, extra: string) => ({
  kind: "push" as const,
  path: `push_datasets/${name}.yaml`,
  text: `name: ${name}\nbucket: receiving-bucket\nusers:\n  - alpha_user_ana\n${extra}`,
});
const dsa = "paperwork: https://example.org/dsa/7\n";

describe("the expiry rules, with an injected clock", () => {
  const cases: {
    name: string;
    extra: string;
    now: Date;
    settings?: Partial<Settings>;
    isNew?: boolean;
    expect: [string, string, number][];
  }[] = [
    { name: "no expires, no finding", extra: dsa, now: at("2030-01-01T00:00:00Z"), expect: [] },
    { name: "outside the window", extra: `${dsa}expires: 2026-12-31\n`, now: at("2026-12-01T00:00:00Z"), expect: [] },
    {
      name: "the first day of the window (29 days left)",
      extra: `${dsa}expires: 2026-12-31\n`,
      now: at("2026-12-02T00:00:00Z"),
      expect: [["expires-soon", "warning", 6]],
    },
    {
      name: "the last valid day",
      extra: `${dsa}expires: 2026-12-31\n`,
      now: before("2027-01-01T00:00:00Z"),
      expect: [["expires-soon", "warning", 6]],
    },
    {
      name: "the first expired day",
      extra: `${dsa}expires: 2026-12-31\n`,
      now: at("2027-01-01T00:00:00Z"),
      expect: [["expires-passed", "error", 6]],
    },
    {
      name: "a leap day, its last instant",
      extra: `${dsa}expires: 2028-02-29\n`,
      now: at("2028-02-29T23:59:59Z"),
      expect: [["expires-soon", "warning", 6]],
    },
    {
      name: "a leap day, the next morning",
      extra: `${dsa}expires: 2028-02-29\n`,
      now: at("2028-03-01T00:00:00Z"),
      expect: [["expires-passed", "error", 6]],
    },
    {
      name: "the first BST day, 23:30 in London (22:30 UTC)",
      extra: `${dsa}expires: 2026-03-29\n`,
      now: at("2026-03-29T22:30:00Z"),
      expect: [["expires-soon", "warning", 6]],
    },
    {
      name: "the first BST day, past midnight in London (still 29 March in UTC)",
      extra: `${dsa}expires: 2026-03-29\n`,
      now: at("2026-03-29T23:30:00Z"),
      expect: [["expires-passed", "error", 6]],
    },
    {
      name: "a window set in the settings",
      extra: `${dsa}expires: 2026-12-31\n`,
      now: at("2026-11-01T12:00:00Z"),
      settings: { expiryWarningDays: 90 },
      expect: [["expires-soon", "warning", 6]],
    },
    {
      name: "a new dataset without expires, when the settings require it",
      extra: dsa,
      now: at("2026-11-01T12:00:00Z"),
      settings: { requireExpires: true },
      isNew: true,
      expect: [["expires-required", "error", 1]],
    },
    {
      name: "a new dataset without paperwork, when the settings require it",
      extra: "expires: 2027-06-30\n",
      now: at("2026-11-01T12:00:00Z"),
      settings: { requireExpires: true },
      isNew: true,
      expect: [["expires-required", "error", 1]],
    },
    {
      name: "a file already in the base, when the settings require it",
      extra: "",
      now: at("2026-11-01T12:00:00Z"),
      settings: { requireExpires: true },
      isNew: false,
      expect: [["expires-missing", "warning", 1]],
    },
    {
      name: "a file without expires, when the settings do not require it",
      extra: "",
      now: at("2026-11-01T12:00:00Z"),
      isNew: false,
      expect: [],
    },
    {
      name: "exactly the maximum span ahead",
      extra: `${dsa}expires: 2028-11-01\n`,
      now: at("2026-11-01T12:00:00Z"),
      settings: { maxExpiryMonths: 24 },
      expect: [],
    },
    {
      name: "a day past the maximum span",
      extra: `${dsa}expires: 2028-11-02\n`,
      now: at("2026-11-01T12:00:00Z"),
      settings: { maxExpiryMonths: 24 },
      expect: [["expires-within", "error", 6]],
    },
  ];

  it.each(cases)("$name", ({ extra, now, settings, isNew, expect: expected }) => {
    const config = configOf([push("feed", extra)], { ...DEFAULT_SETTINGS, ...settings });
    const base = isNew === undefined ? undefined : new Set(isNew ? [] : ["push_datasets/feed.yaml"]);
    const issues = expiryIssues(config, now, base);
    expect(issues.map((i) => [i.rule, i.severity, i.line])).toEqual(expected);
    for (const i of issues) expect(i.message).toMatch(/: found .+\. \S/s);
  });

  it("warns naming the line to change and the paperwork to renew", () => {
    const config = configOf([push("feed", `${dsa}expires: 2026-12-31\n`)]);
    const [issue] = expiryIssues(config, at("2026-12-20T09:00:00Z"));
    expect(issue?.message).toBe(
      'access to push dataset feed ends after 2026-12-31 (Europe/London): 11 days left: found expires: 2026-12-31. To keep access, renew the paperwork "https://example.org/dsa/7", then change expires on line 6 of push_datasets/feed.yaml to the new last day. Otherwise access ends on its own and the daily pull request proposes removing push_datasets/feed.yaml.',
    );
    expect([issue?.file, issue?.line, issue?.column]).toEqual(["push_datasets/feed.yaml", 6, 10]);
  });
});

describe("the expiry settings", () => {
  const settings = (text: string) => validateSettings(new SourceFile("exports.settings.yaml", text));

  it("default to Europe/London, a 30-day window, nothing required and no limit", () => {
    const { value, errors } = settings("region: eu-west-2\n");
    expect(errors).toEqual([]);
    expect(value).toMatchObject({ timeZone: "Europe/London", expiryWarningDays: 30, requireExpires: false });
    expect(value.maxExpiryMonths).toBeUndefined();
  });

  it("read every key", () => {
    const { value, errors } = settings(
      "time_zone: America/Santiago\nexpiry_warning_days: 45\nrequire_expires: true\nmax_expiry_months: 24\n",
    );
    expect(errors).toEqual([]);
    expect(value).toMatchObject({
      timeZone: "America/Santiago",
      expiryWarningDays: 45,
      requireExpires: true,
      maxExpiryMonths: 24,
    });
  });

  it.each([
    { text: "time_zone: Mars/Olympus_Mons\n", says: "Write time_zone: Europe/London." },
    { text: "time_zone: europe/london\n", says: "Write time_zone: Europe/London." },
    { text: 'expiry_warning_days: "30"\n', says: "Write e.g. expiry_warning_days: 30." },
    { text: "expiry_warning_days: 0\n", says: "from 1 to 366" },
    { text: "max_expiry_months: 2.5\n", says: "Write e.g. max_expiry_months: 24." },
    { text: "require_expires: yes please\n", says: "Write require_expires: true (no quotes)." },
  ])("refuse $text", ({ text, says }) => {
    const { errors } = settings(text);
    expect(errors).toEqual([expect.objectContaining({ rule: "settings-value", line: 1 })]);
    expect(errors[0]?.message).toContain(says);
  });
});

describe("a time zone's canonical name", () => {
  // canonicalTimeZone answers a listed name without a formatter (start-up); Intl's formatter is the reference.
  const resolved = (name: string) => new Intl.DateTimeFormat("en-GB", { timeZone: name }).resolvedOptions().timeZone;

  it("is every listed zone's name as Intl's formatter resolves it", () => {
    const zones = Intl.supportedValuesOf("timeZone");
    expect(zones.length).toBeGreaterThan(300);
    expect(zones.filter((zone) => canonicalTimeZone(zone) !== resolved(zone))).toEqual([]);
  });

  it.each(["europe/london", "GB", "UTC", "Etc/GMT+5", "US/Pacific"])("is what Intl resolves %s to", (name) => {
    expect(canonicalTimeZone(name)).toBe(resolved(name));
  });

  it.each(["", "Mars/Olympus_Mons", "Europe/London "])("is undefined for %j", (name) => {
    expect(canonicalTimeZone(name)).toBeUndefined();
  });
});
