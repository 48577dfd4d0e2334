import { describe, expect, it } from "vitest";
import type { DeliveryRecord } from "../../src/custody/record";
import { s3Ledger } from "../../src/custody/s3Ledger";
import { FakeS3 } from "../mover/fakeS3";
import { deliveredRecord } from "./memoryLedger";

const LEDGER = "mojap-hub-exports-ledger";

/** A ledger on a fake versioned bucket whose clock and random part the test sets. */
function fixture() {
  const s3 = new FakeS3("aws").bucket(LEDGER, true);
  let now = new Date("2026-12-07T10:00:00.000Z");
  let n = 0;
  const ledger = s3Ledger(s3.client(), LEDGER, { now: () => now, random: () => `r${++n}` });
  return { s3, ledger, at: (iso: string) => (now = new Date(iso)) };
}

const record = (dataset: string, key: string, outcome: string, recordedAt: string): DeliveryRecord => ({
  ...deliveredRecord(dataset, key, 1, "0".repeat(64)),
  outcome,
  recordedAt,
});

describe("the S3 ledger", () => {
  it("writes one object a dataset per append, and one a folder for its delivered files, never over another", async () => {
    const { s3, ledger } = fixture();
    await ledger.append([
      record("ds", "ds/a.csv", "delivered", "2026-12-07T09:59:59.000Z"),
      record("ds", "ds/b1/x.csv", "delivered", "2026-12-07T09:59:59.000Z"),
      record("ds", "ds/b1/y.csv", "held", "2026-12-07T09:59:59.000Z"),
      record("other", "other/z.csv", "kept", "2026-12-07T09:59:59.000Z"),
    ]);
    const puts = s3.requests.filter((r) => r.command === "PutObject");
    expect(puts.map((p) => p.input.Key).sort()).toEqual([
      "folders/ds/b1/2026-12-07T10:00:00.000Z-r1.jsonl",
      "records/ds/2026/12/07/2026-12-07T10:00:00.000Z-r1.jsonl",
      "records/other/2026/12/07/2026-12-07T10:00:00.000Z-r1.jsonl",
    ]);
    for (const p of puts) expect(p.input).toMatchObject({ IfNoneMatch: "*", ContentMD5: expect.any(String) });
    const body = String(puts.find((p) => String(p.input.Key).startsWith("records/ds/"))?.input.Body);
    expect(
      body
        .trim()
        .split("\n")
        .map((l) => (JSON.parse(l) as DeliveryRecord).source.key),
    ).toEqual(["ds/a.csv", "ds/b1/x.csv", "ds/b1/y.csv"]);
    // Only the delivering record of the folder goes to its index object.
    const index = String(puts.find((p) => String(p.input.Key).startsWith("folders/"))?.input.Body);
    expect(index.trim().split("\n")).toHaveLength(1);
  });

  it("refuses to write an object whose key is taken (If-None-Match: *), rather than replace it", async () => {
    const s3 = new FakeS3("aws").bucket(LEDGER, true);
    const ledger = s3Ledger(s3.client(), LEDGER, { now: () => new Date("2026-12-07T10:00:00Z"), random: () => "same" });
    await ledger.append([record("ds", "ds/a.csv", "delivered", "2026-12-07T09:00:00Z")]);
    await expect(ledger.append([record("ds", "ds/b.csv", "delivered", "2026-12-07T09:00:00Z")])).rejects.toThrow();
    expect(await ledger.history("ds", new Date("2026-12-07T00:00:00Z"), new Date("2026-12-08T00:00:00Z"))).toHaveLength(
      1,
    );
  });

  it("gives a dataset's history between two instants, oldest first, reading only the days in range", async () => {
    const { s3, ledger, at } = fixture();
    for (const day of ["01", "05", "06", "09"]) {
      at(`2026-12-${day}T23:59:59.500Z`);
      await ledger.append([record("ds", `ds/${day}.csv`, "delivered", `2026-12-${day}T23:59:59.000Z`)]);
    }
    // Recorded before midnight, appended after it: found in the next day's folder.
    at("2026-12-07T00:00:01.000Z");
    await ledger.append([record("ds", "ds/late.csv", "delivered", "2026-12-06T23:59:59.900Z")]);
    await ledger.append([record("other", "other/x.csv", "delivered", "2026-12-06T12:00:00.000Z")]);
    const before = s3.requests.length;
    const found = await ledger.history("ds", new Date("2026-12-05T00:00:00Z"), new Date("2026-12-07T00:00:00Z"));
    expect(found.map((r) => r.source.key)).toEqual(["ds/05.csv", "ds/06.csv", "ds/late.csv"]);
    const reads = s3.requests.slice(before).filter((r) => r.command === "GetObject");
    expect(reads.map((r) => String(r.input.Key).slice(0, 21)).sort()).toEqual([
      "records/ds/2026/12/05",
      "records/ds/2026/12/06",
      "records/ds/2026/12/07",
    ]);
  });

  it("answers deliveredUnder from the batch's folders alone: the latest delivering record of each key", async () => {
    const { s3, ledger, at } = fixture();
    await ledger.append([
      record("ds", "ds/b1/a.csv", "delivered", "2026-12-07T09:00:00Z"),
      record("ds", "ds/b1/deep/c.csv", "kept", "2026-12-07T09:00:00Z"),
      record("ds", "ds/b10/a.csv", "delivered", "2026-12-07T09:00:00Z"),
      record("ds", "ds/top.csv", "delivered", "2026-12-07T09:00:00Z"),
    ]);
    at("2026-12-07T11:00:00Z");
    const again = {
      ...record("ds", "ds/b1/a.csv", "delivered", "2026-12-07T10:30:00Z"),
      source: { bucket: "x", key: "ds/b1/a.csv", size: 9 },
    };
    await ledger.append([again, record("ds", "ds/b1/b.csv", "held", "2026-12-07T10:30:00Z")]);
    const before = s3.requests.length;
    const found = await ledger.deliveredUnder("ds", "ds/b1/");
    expect([...found.keys()].sort()).toEqual(["ds/b1/a.csv", "ds/b1/deep/c.csv"]);
    expect(found.get("ds/b1/a.csv")?.source.size).toBe(9);
    const asked = s3.requests.slice(before);
    // Paged, as S3 pages: every page under the batch's folder.
    const prefixes = new Set(asked.filter((r) => r.command === "ListObjectVersions").map((r) => r.input.Prefix));
    expect([...prefixes]).toEqual(["folders/ds/b1/"]);
    expect(asked.every((r) => typeof r.input.Key !== "string" || r.input.Key.startsWith("folders/ds/b1/"))).toBe(true);
  });

  it("reads each object's first version: a later version written over it changes nothing", async () => {
    const { s3, ledger } = fixture();
    await ledger.append([record("ds", "ds/b1/a.csv", "delivered", "2026-12-07T09:00:00Z")]);
    // What an engine without conditional writes would let a writer do (docs/local-platform.md).
    s3.put(
      LEDGER,
      "folders/ds/b1/2026-12-07T10:00:00.000Z-r1.jsonl",
      `${JSON.stringify(record("ds", "ds/b1/forged.csv", "delivered", "2026-12-07T09:00:00Z"))}\n`,
    );
    expect([...(await ledger.deliveredUnder("ds", "ds/b1/")).keys()]).toEqual(["ds/b1/a.csv"]);
  });

  it("names the object and line of something that is not a record", async () => {
    const { s3, ledger } = fixture();
    s3.put(LEDGER, "folders/ds/b1/x.jsonl", '{"format":"something-else"}\n');
    await expect(ledger.deliveredUnder("ds", "ds/b1/")).rejects.toThrow(
      `s3://${LEDGER}/folders/ds/b1/x.jsonl:1: not a delivery record`,
    );
  });
});
