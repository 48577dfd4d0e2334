import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { datasetStatus } from "../../src/delivery/datasetStatus";
import { formatStatus } from "../../src/delivery/formatStatus";
import { parseEventLines } from "../../src/delivery/parseEvent";
import { insightsQuery, QueryError } from "../../src/delivery/insightsEvents";
import { parseSince } from "../../src/delivery/since";
import { visible } from "../../src/report/escape";
import { FIXTURES } from "../support";

const MIXED = readFileSync(join(FIXTURES, "delivery", "mixed.jsonl"), "utf8");
const D = "court_listings_weekly";
const SINCE = new Date("2026-11-24T10:00:00.000Z");

describe("a dataset's status over a log with mixed outcomes", () => {
  const log = parseEventLines(MIXED);
  const status = datasetStatus(log.events, D, SINCE);

  it("skips lines that are not delivery events", () => {
    expect(log.skipped).toBe(2);
    expect(log.events).toHaveLength(10);
  });

  it("takes each object's latest event, within the window and the dataset only", () => {
    expect(status.delivered.map((e) => e.key)).toEqual([`${D}/\u001b[31mred\u202ecsv.exe`, `${D}/d.csv`, `${D}/a.csv`]);
    // a.csv's repeated event does not hide its delivery.
    expect(status.delivered.find((e) => e.key === `${D}/a.csv`)?.outcome).toBe("delivered");
    expect(status.notDelivered.map((e) => [e.key, e.attempt, e.actor])).toEqual([[`${D}/b.csv`, 2, "receiving team"]]);
    expect(status.other.map((e) => [e.key, e.outcome])).toEqual([[`${D}/c.csv`, "superseded"]]);
  });

  it("names the latest failure and says when its object was delivered since", () => {
    expect(status.latestFailure).toMatchObject({ key: `${D}/d.csv`, code: "SlowDown", deliveredSince: true });
    const onlyB = datasetStatus(
      log.events.filter((e) => !e.key.endsWith("d.csv")),
      D,
      SINCE,
    );
    expect(onlyB.latestFailure).toMatchObject({ key: `${D}/b.csv`, attempt: 2, deliveredSince: false });
  });

  it("prints text a requester can act on, with user strings escaped", () => {
    const text = formatStatus(status, "text");
    expect(text).toContain(`Dataset ${D}, since 2026-11-24 10:00:00 UTC: 3 delivered, 1 not delivered yet.`);
    expect(text).toContain(`2026-11-25 09:11:00 UTC  ${D}/b.csv`);
    expect(text).toContain("why: the target bucket listings-partner-inbound refused the mover's write (access denied)");
    expect(text).toContain(
      "to do, by the receiving team: allow arn:aws:iam::123456789012:role/service-role/export_court_listings_weekly-move to write to listings-partner-inbound",
    );
    expect(text).toContain(`${D}/d.csv (delivered since: nothing to do)`);
    expect(text).toContain(`${D}/<U+001B>[31mred<U+202E>csv.exe (10 bytes) → s3://listings-partner-inbound/`);
    // No raw control or bidi character reaches the terminal.
    expect(text.replaceAll("\n", "")).not.toMatch(/[\p{Cc}\p{Bidi_Control}]/u);
    expect(text).not.toContain("old.csv");
    expect(text).not.toContain("prison_population_hub");
  });

  it("prints JSON a program can read back, with the same content", () => {
    const parsed = JSON.parse(formatStatus(status, "json")) as typeof status;
    expect(parsed.dataset).toBe(D);
    expect(parsed.since).toBe(SINCE.toISOString());
    expect(parsed.delivered).toHaveLength(3);
    expect(parsed.notDelivered[0]).toMatchObject({ key: `${D}/b.csv`, actor: "receiving team", code: "AccessDenied" });
    expect(parsed.latestFailure?.key).toBe(`${D}/d.csv`);
    // Exact (the bidirectional override parses back), and inert on a terminal: none of it raw.
    expect(parsed.delivered.map((e) => e.key)).toContain(`${D}/\u001b[31mred\u202ecsv.exe`);
    expect(formatStatus(status, "json")).not.toMatch(/[\u007f-\u009f\p{Cf}\p{Zl}\p{Zp}]/u);
  });

  it("says when nothing happened in the window", () => {
    const empty = datasetStatus(log.events, D, new Date("2026-11-26T00:00:00.000Z"));
    expect(formatStatus(empty, "text")).toContain("No object of this dataset was handled in that time.");
  });
});

describe("a kept file whose delivery could not be recorded", () => {
  const line = JSON.stringify({
    time: "2026-11-25T10:00:00.000Z",
    outcome: "kept-unrecorded",
    dataset: "kept_reports",
    key: "kept_reports/q3.csv",
    size: 6,
    target: "s3://reports-inbound/kept_reports/q3.csv",
    attempt: 1,
    reason: "delivered to s3://reports-inbound/kept_reports/q3.csv, but it carries 10 tags",
    actor: "requester",
    action: "give later files at most 9 tags",
    code: "TooManyTags",
  });
  const status = datasetStatus(parseEventLines(line).events, "kept_reports", SINCE);

  it("counts as delivered, not as a failure", () => {
    expect(status.delivered.map((e) => e.outcome)).toEqual(["kept-unrecorded"]);
    expect(status.notDelivered).toEqual([]);
    expect(status.latestFailure).toBeUndefined();
  });

  it("says so under the delivery, with what the requester may do", () => {
    const text = formatStatus(status, "text");
    expect(text).toContain("1 delivered, 0 not delivered yet.");
    expect(text).toContain(
      [
        "  2026-11-25 10:00:00 UTC  kept_reports/q3.csv (6 bytes) → s3://reports-inbound/kept_reports/q3.csv",
        "    note: delivered to s3://reports-inbound/kept_reports/q3.csv, but it carries 10 tags",
        "    to do, by you: give later files at most 9 tags",
      ].join("\n"),
    );
  });
});

describe("--since", () => {
  it.each([
    ["30m", 30 * 60_000],
    ["24h", 24 * 3_600_000],
    ["7d", 7 * 86_400_000],
  ])("%s", (text, ms) => expect(parseSince(text)).toEqual({ ms }));
  it.each(["", "24", "0h", "1w", "-1h", "1.5h", "24h; rm"])("refuses %j with the fix", (text) => {
    expect(parseSince(text)).toEqual({ error: expect.stringContaining("e.g. --since 24h") as string });
  });
});

describe("text for terminals", () => {
  it.each([
    ["plain/key name.csv", "plain/key name.csv"],
    ["a\u001b[2Jb", "a<U+001B>[2Jb"],
    ["new\nline\r", "new<U+000A>line<U+000D>"],
    ["c1\u009bx", "c1<U+009B>x"],
    ["evil\u202etxt.exe", "evil<U+202E>txt.exe"],
    ["iso\u2066late\u2069", "iso<U+2066>late<U+2069>"],
    ["sep\u2028x", "sep<U+2028>x"],
    ["zero\u200bwidth", "zero<U+200B>width"],
    ["données/é.csv", "données/é.csv"],
  ])("%j", (input, expected) => expect(visible(input)).toBe(expected));
});

describe("the Logs Insights query", () => {
  it("filters on the dataset's delivery events, newest first", () => {
    expect(insightsQuery("court_listings_weekly")).toBe(
      'fields @timestamp, @message | filter delivery.dataset = "court_listings_weekly" | sort @timestamp desc | limit 10000',
    );
  });
  it.each(['x" or 1=1', "a|b", "Upper", ""])("refuses %j, which is no push dataset name", (name) => {
    expect(() => insightsQuery(name)).toThrow(QueryError);
  });
});
