import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { DeliveryRecord, Ledger } from "../../src/custody/record";
import { afterMove, type AfterMoveDeps, type Tried } from "../../src/delivery/afterMove";
import { MoveError } from "../../src/mover/errors";
import { moveObjects, type DatasetRoute, type MoveResult } from "../../src/mover/moveObject";
import { objectEventsOf } from "../../src/mover/objectEvent";
import { MemoryLedger } from "../custody/memoryLedger";
import { FakeS3 } from "../mover/fakeS3";
import { ENGINE_OPTIONS, EXPORT } from "../mover/movedAndKept";

const COMMIT = "0123456789abcdef0123456789abcdef01234567";
const ROUTES = new Map<string, DatasetRoute>([
  [
    "ds",
    {
      name: "ds",
      targetBucket: "ds-target",
      keepFiles: false,
      roleArn: "arn:aws:iam::123456789012:role/service-role/export_ds-move",
      datasetFile: { path: "push_datasets/ds.yaml", commit: COMMIT },
    },
  ],
]);
const SHA = "a".repeat(64);
const UPLOAD = { uploadedBy: "AWS:AROAEXAMPLE:alpha_user_ana", uploadedAt: "2026-12-07T09:00:00.000Z" };

function recorder() {
  const lines: { level: string; message: string; fields: Record<string, unknown> }[] = [];
  const metrics: [string, number][] = [];
  const deps = (ledger?: Ledger): AfterMoveDeps => ({
    routes: ROUTES,
    maxAttempts: 5,
    log: {
      info: (message, fields) => lines.push({ level: "info", message, fields }),
      error: (message, fields) => lines.push({ level: "error", message, fields }),
    },
    metrics: { addMetric: (name, _unit, value) => metrics.push([name, value]) },
    ...(ledger ? { ledger } : {}),
  });
  return { lines, metrics, deps };
}

const tried = (key: string, attempt = 1): Tried => ({
  event: { bucket: EXPORT, key, versionId: "v1", size: 12, ...UPLOAD },
  attempt,
});
const delivered = (outcome: MoveResult["outcome"], extra: Partial<MoveResult> = {}): MoveResult => ({
  outcome,
  key: "ds/a.csv",
  dataset: "ds",
  size: 12,
  versionId: "v1",
  sha256: SHA,
  targetVersionId: "t1",
  ...extra,
});

/** The one record afterMove appends for one try. */
async function recordOf(t: Tried, result: MoveResult | MoveError): Promise<DeliveryRecord> {
  const ledger = new MemoryLedger();
  await afterMove([t], [result], recorder().deps(ledger));
  expect(ledger.records).toHaveLength(1);
  return ledger.records[0] as DeliveryRecord;
}

const SOURCE = { bucket: EXPORT, key: "ds/a.csv", versionId: "v1", size: 12, ...UPLOAD };
const ARRIVED = { bucket: "ds-target", key: "ds/a.csv", versionId: "t1", arrivedAt: expect.any(String) };

describe("a delivery record for every outcome of a try", () => {
  it.each([
    ["moved", "delivered"],
    ["copied", "kept"],
    ["copied-unrecorded", "kept-unrecorded"],
  ] as const)("%s: recorded as %s, with the digest and where it arrived", async (outcome, told) => {
    const record = await recordOf(tried("ds/a.csv"), delivered(outcome));
    expect(record).toStrictEqual({
      format: "data-exports/delivery/1",
      recordedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      dataset: "ds",
      outcome: told,
      source: { ...SOURCE, sha256: SHA },
      datasetFile: { path: "push_datasets/ds.yaml", commit: COMMIT },
      target: ARRIVED,
    });
    expect(record.target?.arrivedAt).toBe(record.recordedAt);
  });

  it.each([
    ["already-moved", "already-delivered"],
    ["superseded", "superseded"],
    ["sealed", "sealed"],
  ] as const)("%s: recorded as %s, with no digest and no arrival", async (outcome, told) => {
    const record = await recordOf(tried("ds/a.csv"), { outcome, key: "ds/a.csv", dataset: "ds" });
    expect(record).toMatchObject({ dataset: "ds", outcome: told, source: SOURCE });
    expect(record.source.sha256).toBeUndefined();
    expect(record.target).toBeUndefined();
  });

  it("held: recorded with the hold's code, not arrived", async () => {
    const held = { outcome: "held" as const, key: "ds/a.csv", dataset: "ds", code: "extra-column", reason: "r" };
    const record = await recordOf(tried("ds/a.csv"), held);
    expect(record).toMatchObject({ outcome: "held", code: "extra-column", source: SOURCE });
    expect(record.target).toBeUndefined();
  });

  it("not under a dataset: recorded as unrouted, without a dataset file", async () => {
    const record = await recordOf(tried("stray.csv"), { outcome: "not-a-dataset", key: "stray.csv" });
    expect(record).toMatchObject({ dataset: "", outcome: "unrouted", source: { key: "stray.csv" } });
    expect(record.datasetFile).toBeUndefined();
    expect(record.target).toBeUndefined();
  });

  it.each([
    [1, "retrying"],
    [5, "dead-lettered"],
  ] as const)("a failure at attempt %i: recorded as %s, with S3's code", async (attempt, told) => {
    const error = new MoveError("denied", { code: "AccessDenied", step: "copy" });
    const record = await recordOf(tried("ds/a.csv", attempt), error);
    expect(record).toMatchObject({ outcome: told, code: "AccessDenied", source: SOURCE });
    expect(record.source.sha256).toBeUndefined();
    expect(record.target).toBeUndefined();
  });

  it("a re-sent object (no uploader in the sweep's message): its upload time from the export bucket's listing", async () => {
    const t: Tried = { event: { bucket: EXPORT, key: "ds/a.csv", resent: true }, attempt: 1 };
    const record = await recordOf(t, delivered("moved", { uploadedAt: "2026-12-01T08:00:00.000Z" }));
    expect(record.source.uploadedBy).toBeUndefined();
    expect(record.source.uploadedAt).toBe("2026-12-01T08:00:00.000Z");
    expect(record.source.versionId).toBe("v1");
  });
});

describe("afterMove and the ledger", () => {
  it("appends a batch's records in one call, before it checks sealed batches", async () => {
    const calls: (readonly DeliveryRecord[])[] = [];
    const ledger: Ledger = {
      append: (records) => Promise.resolve(void calls.push(records)),
      deliveredUnder: () => Promise.resolve(new Map()),
      history: () => Promise.resolve([]),
    };
    const keys = ["ds/a.csv", "ds/b.csv", "ds/c.csv"];
    const results = [
      delivered("moved", { key: "ds/a.csv" }),
      new MoveError("slow", { code: "SlowDown", step: "copy" }),
      delivered("superseded", { key: "ds/c.csv" }),
    ];
    await afterMove(
      keys.map((k) => tried(k)),
      results,
      recorder().deps(ledger),
    );
    expect(calls).toHaveLength(1);
    expect(calls[0]?.map((r) => [r.source.key, r.outcome])).toEqual([
      ["ds/a.csv", "delivered"],
      ["ds/b.csv", "retrying"],
      ["ds/c.csv", "superseded"],
    ]);
  });

  it("keeps nothing and asks nothing without a ledger", async () => {
    const { deps, lines } = recorder();
    await afterMove([tried("ds/a.csv")], [delivered("moved")], deps());
    expect(lines.map((l) => l.message)).toEqual(["object handled"]);
  });

  it("logs the records it could not append, counts the failure, and still returns every verdict", async () => {
    const failing: Ledger = {
      append: () => Promise.reject(Object.assign(new Error("Object Lock refused"), { name: "AccessDenied" })),
      deliveredUnder: () => Promise.resolve(new Map()),
      history: () => Promise.resolve([]),
    };
    const { deps, lines, metrics } = recorder();
    const handled = await afterMove([tried("ds/a.csv")], [delivered("moved")], deps(failing));
    expect(handled.map((h) => h.verdict)).toEqual(["done"]);
    const line = lines.find((l) => l.level === "error");
    expect(line?.fields).toMatchObject({
      code: "AccessDenied",
      records: [expect.objectContaining({ outcome: "delivered" })],
    });
    expect(metrics).toContainEqual(["LedgerFailures", 1]);
  });

  it("records what the mover really did: an upload's event through a move to its record, digest and all", async () => {
    const s3 = new FakeS3("engine").bucket(EXPORT, true).bucket("ds-target");
    const v = s3.put(EXPORT, "ds/a,b.csv", "id\n1\n");
    const body = JSON.stringify({
      Records: [
        {
          eventName: "ObjectCreated:Put",
          eventTime: "2026-12-07T09:00:00.000Z",
          userIdentity: { principalId: "alpha_user_ana" },
          s3: { bucket: { name: EXPORT }, object: { key: "ds/a%2Cb.csv", versionId: v.id, eTag: v.eTag } },
        },
      ],
    });
    const events = objectEventsOf(body);
    const client = s3.client();
    const results = await moveObjects(events, ROUTES, () => client, ENGINE_OPTIONS);
    const ledger = new MemoryLedger();
    await afterMove(
      events.map((event) => ({ event, attempt: 1 })),
      results,
      recorder().deps(ledger),
    );
    expect(ledger.records).toEqual([
      expect.objectContaining({
        outcome: "delivered",
        source: {
          bucket: EXPORT,
          key: "ds/a,b.csv",
          versionId: v.id,
          size: 5,
          sha256: createHash("sha256").update("id\n1\n").digest("hex"),
          uploadedBy: "alpha_user_ana",
          uploadedAt: "2026-12-07T09:00:00.000Z",
        },
        datasetFile: { path: "push_datasets/ds.yaml", commit: COMMIT },
        target: { bucket: "ds-target", key: "ds/a,b.csv", arrivedAt: expect.any(String) },
      }),
    ]);
  });
});
