import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FullBatchFailureError } from "../../src/mover/lambda/batchHandler";
import { FIXTURES } from "../support";
import { FakeS3, s3Error } from "./fakeS3";
import { EXPORT, objectCreated, recordingHandler, sqsBatch } from "./handlerHarness";

const ROUTES = new Map([
  [
    "court_listings_weekly",
    {
      name: "court_listings_weekly",
      targetBucket: "listings-partner-inbound",
      keepFiles: false,
      roleArn: "arn:aws:iam::123456789012:role/service-role/export_court_listings_weekly-move",
    },
  ],
  [
    "kept_reports",
    {
      name: "kept_reports",
      targetBucket: "reports-inbound",
      keepFiles: true,
      roleArn: "arn:aws:iam::123456789012:role/service-role/export_kept_reports-move",
    },
  ],
  [
    "denied",
    {
      name: "denied",
      targetBucket: "locked-bucket",
      keepFiles: false,
      roleArn: "arn:aws:iam::123456789012:role/service-role/export_denied-move",
    },
  ],
]);
const body = (name: string) => readFileSync(join(FIXTURES, "events", name), "utf8");
/** The same event from an unversioned bucket. */
const withoutVersion = (json: string) =>
  JSON.stringify(JSON.parse(json, (k, v: unknown) => (k === "versionId" ? undefined : v)));
const objectEvent = (key: string) => objectCreated(key, 1);

function setup() {
  const s3 = new FakeS3("aws").bucket(EXPORT, true).bucket("listings-partner-inbound").bucket("locked-bucket");
  return { s3, ...recordingHandler(s3, ROUTES) };
}

describe("the mover's SQS adapter", () => {
  it("moves every object of every message and writes one audit line per object", async () => {
    const { s3, lines, metrics, run } = setup();
    s3.put(EXPORT, "court_listings_weekly/2026/weekly listing (final).csv", "a");
    s3.put(EXPORT, "court_listings_weekly/empty.csv", "");
    s3.put(EXPORT, "court_listings_weekly/a/b/c/deep.parquet", "0123456789");
    const result = await run(
      sqsBatch([withoutVersion(body("put-with-spaces.json")), body("two-records.json"), body("test-event.json")]),
    );
    expect(result).toEqual({ batchItemFailures: [] });
    expect(s3.keys(EXPORT)).toEqual([]);
    const handled = lines.filter((l) => l.message === "object handled").map((l) => l.fields);
    expect(handled).toHaveLength(3);
    expect(handled).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          outcome: "moved",
          dataset: "court_listings_weekly",
          key: "court_listings_weekly/2026/weekly listing (final).csv",
          size: 1,
          target: "s3://listings-partner-inbound/court_listings_weekly/2026/weekly listing (final).csv",
          durationMs: expect.any(Number),
        }),
        expect.objectContaining({ outcome: "moved", key: "court_listings_weekly/empty.csv", size: 0 }),
        expect.objectContaining({ outcome: "moved", key: "court_listings_weekly/a/b/c/deep.parquet", size: 10 }),
      ]),
    );
    expect(metrics).toMatchObject({ Objects: 3, BytesMoved: 11 });
    // The batch's deletes went in one request, not one per object.
    expect(s3.calls.filter((c) => c.startsWith("DeleteObject"))).toEqual(["DeleteObjects"]);
  });

  it("reports only the failed message for retry, with an error line saying what the receiving team must do", async () => {
    const { s3, lines, metrics, run } = setup();
    s3.put(EXPORT, "court_listings_weekly/ok.csv", "fine");
    s3.put(EXPORT, "denied/blocked.csv", "stuck");
    s3.faults = (command, input) =>
      command === "CopyObject" && input.Bucket === "locked-bucket"
        ? { when: "before", error: s3Error("AccessDenied", 403) }
        : undefined;
    const result = await run(
      sqsBatch([objectEvent("court_listings_weekly/ok.csv"), objectEvent("denied/blocked.csv")]),
    );
    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: "m1" }] });
    expect(s3.keys(EXPORT)).toEqual(["denied/blocked.csv"]);
    const failure = lines.find((l) => l.level === "error");
    expect(failure?.fields).toMatchObject({ key: "denied/blocked.csv", outcome: "failed", code: "AccessDenied" });
    expect(String(failure?.fields.reason)).toContain(
      "The owner of bucket locked-bucket must allow arn:aws:iam::123456789012:role/service-role/export_denied-move",
    );
    expect(metrics.Failures).toBe(1);
  });

  it("throws when every message of the batch failed, so Lambda retries it as a failed invocation", async () => {
    const { s3, lines, metrics, run } = setup();
    s3.put(EXPORT, "denied/one.csv", "stuck");
    s3.put(EXPORT, "denied/two.csv", "stuck");
    s3.faults = (command) =>
      command === "CopyObject" ? { when: "before", error: s3Error("AccessDenied", 403) } : undefined;
    await expect(run(sqsBatch([objectEvent("denied/one.csv"), objectEvent("denied/two.csv")]))).rejects.toBeInstanceOf(
      FullBatchFailureError,
    );
    // Each failure is still logged and counted before the throw.
    expect(lines.filter((l) => l.level === "error")).toHaveLength(2);
    expect(metrics.Failures).toBe(2);
    expect(s3.keys(EXPORT).sort()).toEqual(["denied/one.csv", "denied/two.csv"]);
  });

  it("counts a kept object with S3's 10 tags as delivered, not retried, and says its delivery could not be recorded", async () => {
    const { s3, lines, metrics, run } = setup();
    s3.bucket("reports-inbound");
    s3.put(EXPORT, "kept_reports/q3.csv", "report", {
      tags: Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`t${i}`, "v"])),
    });
    s3.put(EXPORT, "court_listings_weekly/ok.csv", "fine");
    const result = await run(
      sqsBatch([objectEvent("kept_reports/q3.csv"), objectEvent("court_listings_weekly/ok.csv")]),
    );
    // Not reported for retry: no second copy, no dead-letter queue, no alarm for operators.
    expect(result).toEqual({ batchItemFailures: [] });
    expect(s3.current("reports-inbound", "kept_reports/q3.csv")?.body.toString()).toBe("report");
    expect(lines.filter((l) => l.level === "error")).toEqual([]);
    const line = lines.find((l) => l.fields.key === "kept_reports/q3.csv");
    expect(line?.fields).toMatchObject({
      outcome: "copied-unrecorded",
      code: "TooManyTags",
      delivery: { outcome: "kept-unrecorded", actor: "requester", target: "s3://reports-inbound/kept_reports/q3.csv" },
    });
    expect(metrics).toMatchObject({ Objects: 2, UnrecordedDeliveries: 1 });
    expect(metrics.Failures).toBeUndefined();
  });

  it("logs and counts an object under no dataset, and an unreadable message, without retrying either", async () => {
    const { s3, lines, metrics, run } = setup();
    s3.put(EXPORT, "stray.csv", "?");
    const result = await run(sqsBatch([objectEvent("stray.csv"), "not json"]));
    expect(result).toEqual({ batchItemFailures: [] });
    expect(s3.keys(EXPORT)).toEqual(["stray.csv"]);
    // Records of a batch are handled in parallel, so lines come in any order.
    expect(lines.map((l) => [l.level, l.message]).sort()).toEqual(
      [
        ["error", "object under no push dataset, left in the export bucket"],
        ["error", "unreadable message dropped"],
      ].sort(),
    );
    expect(metrics).toMatchObject({ UnroutedObjects: 1, UnreadableMessages: 1 });
  });
});
