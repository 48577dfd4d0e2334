import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BadEventError, decodeKey, objectEventsOf } from "../../src/mover/objectEvent";
import { s3EventMessage } from "../../src/mover/s3EventMessage";
import { FIXTURES } from "../support";

const fixture = (name: string) => readFileSync(join(FIXTURES, "events", name), "utf8");

describe("objectEventsOf", () => {
  it.each([
    { file: "put-with-spaces.json", keys: ["court_listings_weekly/2026/weekly listing (final).csv"] },
    { file: "put-unicode-and-plus.json", keys: ["court_listings_weekly/résumé/数据 a+b=c&d.csv"] },
    { file: "two-records.json", keys: ["court_listings_weekly/empty.csv", "court_listings_weekly/a/b/c/deep.parquet"] },
    { file: "test-event.json", keys: [] },
  ])("reads $file, decoding keys as S3 form-encodes them", ({ file, keys }) => {
    expect(objectEventsOf(fixture(file)).map((e) => e.key)).toEqual(keys);
  });

  it("keeps the version, size, ETag, uploader and upload time an event names", () => {
    expect(objectEventsOf(fixture("put-with-spaces.json"))[0]).toEqual({
      bucket: "mojap-hub-exports",
      key: "court_listings_weekly/2026/weekly listing (final).csv",
      size: 1024,
      eTag: "0cc175b9c0f1b6a831c399e269772661",
      versionId: "3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY",
      uploadedBy: "AWS:AROAEXAMPLE:alpha_user_priya-n",
      uploadedAt: "2026-11-24T05:00:00.000Z",
    });
  });

  it("carries the uploader and upload time through a re-encoded message, and leaves out what is not S3's to say", () => {
    const event = {
      bucket: "b",
      key: "ds/a.csv",
      uploadedBy: "alpha_user_ana",
      uploadedAt: "2026-12-07T10:00:00.000Z",
    };
    expect(objectEventsOf(s3EventMessage([event], "ObjectCreated:Put"))).toEqual([event]);
    const odd = {
      Records: [
        {
          eventTime: "not a time",
          userIdentity: { principalId: "" },
          s3: { bucket: { name: "b" }, object: { key: "ds/a.csv" } },
        },
      ],
    };
    expect(objectEventsOf(JSON.stringify(odd))).toEqual([{ bucket: "b", key: "ds/a.csv" }]);
  });

  it("takes keys as they are from an engine that does not encode them (Ceph RGW)", () => {
    const body = JSON.stringify({ Records: [{ s3: { bucket: { name: "b" }, object: { key: "ds/a + b%20c.csv" } } }] });
    expect(objectEventsOf(body, "raw").map((e) => e.key)).toEqual(["ds/a + b%20c.csv"]);
    expect(objectEventsOf(body).map((e) => e.key)).toEqual(["ds/a   b c.csv"]);
  });

  it.each(["not json", "{}", '{"Records":[{"s3":{}}]}'])("refuses a message it cannot read: %s", (body) => {
    expect(() => objectEventsOf(body)).toThrow(BadEventError);
  });

  it("refuses a key that is not valid percent-encoding", () => {
    expect(() => decodeKey("ds/%E0%A4%A.csv")).toThrow(/not valid percent-encoding/);
  });
});
