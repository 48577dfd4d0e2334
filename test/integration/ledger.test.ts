import {
  DeleteObjectCommand,
  GetObjectCommand,
  GetObjectLockConfigurationCommand,
  GetObjectRetentionCommand,
  ListObjectVersionsCommand,
  PutObjectCommand,
  PutObjectRetentionCommand,
  type S3Client,
} from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DeliveryRecord } from "../../src/custody/record";
import { s3Ledger } from "../../src/custody/s3Ledger";
import { createLedgerBucket } from "../../src/local/provision";
import { httpStatus } from "../../src/mover/errors";
import { deliveredRecord } from "../custody/memoryLedger";
import { startLocalEngine } from "../localEngine";

// The delivery ledger on the real engine (Ceph RGW), its bucket made as the local platform makes
// it: Object Lock in compliance mode. Where the engine differs from S3 it is said here and in
// docs/local-platform.md.

const LEDGER = "mojap-hub-exports-ledger";
const YEARS = 7;
let engine: Awaited<ReturnType<typeof startLocalEngine>>;
let s3: S3Client;

beforeAll(async () => {
  engine = await startLocalEngine();
  s3 = engine.admin;
  await createLedgerBucket(s3, { name: LEDGER, retentionYears: YEARS });
}, 120_000);
afterAll(() => engine?.stop());

const record = (key: string, outcome: string, recordedAt: string): DeliveryRecord => ({
  ...deliveredRecord("ds", key, 3, "a".repeat(64)),
  outcome,
  recordedAt,
});
const refused = (p: Promise<unknown>) =>
  p.then(
    () => "done",
    (e: unknown) => httpStatus(e),
  );

/** The one version of the first record object under `prefix`, and its key. */
async function firstObject(prefix: string) {
  const listed = await s3.send(new ListObjectVersionsCommand({ Bucket: LEDGER, Prefix: prefix }));
  const v = listed.Versions?.[0];
  if (!v?.Key || !v.VersionId) throw new Error(`no record object under ${prefix}`);
  return { key: v.Key, versionId: v.VersionId, versions: listed.Versions?.length ?? 0 };
}

describe("the delivery ledger on the engine", () => {
  it("makes the bucket with a default retention of the settings' years, in compliance mode", async () => {
    const conf = await s3.send(new GetObjectLockConfigurationCommand({ Bucket: LEDGER }));
    expect(conf.ObjectLockConfiguration).toMatchObject({
      ObjectLockEnabled: "Enabled",
      Rule: { DefaultRetention: { Mode: "COMPLIANCE", Years: YEARS } },
    });
  });

  it("appends records and reads them back: a dataset's history, and a batch's delivered files", async () => {
    const ledger = s3Ledger(s3, LEDGER, { now: () => new Date("2026-12-07T10:00:00.000Z") });
    await ledger.append([
      record("ds/b1/a.csv", "delivered", "2026-12-07T09:59:00.000Z"),
      record("ds/b1/b.csv", "held", "2026-12-07T09:59:01.000Z"),
      record("ds/top.csv", "delivered", "2026-12-07T09:59:02.000Z"),
    ]);
    const later = s3Ledger(s3, LEDGER, { now: () => new Date("2026-12-08T10:00:00.000Z") });
    await later.append([record("ds/b1/b.csv", "kept", "2026-12-08T09:00:00.000Z")]);
    const history = await ledger.history("ds", new Date("2026-12-07T00:00:00Z"), new Date("2026-12-08T00:00:00Z"));
    expect(history.map((r) => `${r.source.key} ${r.outcome}`)).toEqual([
      "ds/b1/a.csv delivered",
      "ds/b1/b.csv held",
      "ds/top.csv delivered",
    ]);
    const delivered = await ledger.deliveredUnder("ds", "ds/b1/");
    expect([...delivered].map(([key, r]) => `${key} ${r.outcome}`).sort()).toEqual([
      "ds/b1/a.csv delivered",
      "ds/b1/b.csv kept",
    ]);
  });

  it("keeps each record object's version for the retention, in compliance mode", async () => {
    const { key, versionId } = await firstObject("records/ds/2026/12/07/");
    const retention = await s3.send(new GetObjectRetentionCommand({ Bucket: LEDGER, Key: key, VersionId: versionId }));
    expect(retention.Retention?.Mode).toBe("COMPLIANCE");
    const years = (Number(retention.Retention?.RetainUntilDate) - Date.now()) / (365.25 * 24 * 3600 * 1000);
    expect(years).toBeGreaterThan(YEARS - 0.01);
  });

  it("refuses to delete a record's version, even asked to bypass governance", async () => {
    const { key, versionId } = await firstObject("records/ds/2026/12/07/");
    expect(await refused(s3.send(new DeleteObjectCommand({ Bucket: LEDGER, Key: key, VersionId: versionId })))).toBe(
      403,
    );
    expect(
      await refused(
        s3.send(
          new DeleteObjectCommand({ Bucket: LEDGER, Key: key, VersionId: versionId, BypassGovernanceRetention: true }),
        ),
      ),
    ).toBe(403);
    const body = await s3.send(new GetObjectCommand({ Bucket: LEDGER, Key: key, VersionId: versionId }));
    expect(await body.Body?.transformToString()).toContain('"ds/b1/a.csv"');
  });

  it("refuses to shorten a record's retention or to weaken it to governance mode", async () => {
    const { key, versionId } = await firstObject("records/ds/2026/12/07/");
    const inADay = new Date(Date.now() + 24 * 3600 * 1000);
    const change = (Mode: "COMPLIANCE" | "GOVERNANCE", RetainUntilDate: Date) =>
      refused(
        s3.send(
          new PutObjectRetentionCommand({
            Bucket: LEDGER,
            Key: key,
            VersionId: versionId,
            Retention: { Mode, RetainUntilDate },
          }),
        ),
      );
    expect(await change("COMPLIANCE", inADay)).toBe(403);
    expect(await change("GOVERNANCE", new Date(Date.now() + 8 * 365 * 24 * 3600 * 1000))).toBe(403);
  });

  it("keeps what was recorded when an object is written over or hidden: the engine refuses neither, and the ledger reads first versions", async () => {
    const { key } = await firstObject("folders/ds/b1/");
    const forged = `${JSON.stringify(record("ds/b1/forged.csv", "delivered", "2026-12-07T09:59:00.000Z"))}\n`;
    // On S3 the bucket policy refuses a write without If-None-Match, and S3 answers one with it
    // 412. This engine (Ceph 16) ignores If-None-Match on a versioned bucket and writes a new
    // version (docs/local-platform.md): the record's version stays, locked, and is what is read.
    expect(
      await refused(s3.send(new PutObjectCommand({ Bucket: LEDGER, Key: key, Body: forged, IfNoneMatch: "*" }))),
    ).toBe("done");
    // A delete marker, which Object Lock allows on S3 too, hides the key from a plain listing only.
    await s3.send(new DeleteObjectCommand({ Bucket: LEDGER, Key: key }));
    const ledger = s3Ledger(s3, LEDGER);
    expect([...(await ledger.deliveredUnder("ds", "ds/b1/")).keys()].sort()).toEqual(["ds/b1/a.csv", "ds/b1/b.csv"]);
  });
});
