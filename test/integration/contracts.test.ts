// Data contracts on the real S3 engine (Ceph RGW), decision 0016: the mover reads each object by
// ranged GetObject of its exact version before the copy, delivers what conforms byte-exact, and
// holds what breaks the contract, tagged on that version, in the export bucket.
import { createHash } from "node:crypto";
import {
  CreateBucketCommand,
  GetObjectTaggingCommand,
  HeadObjectCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  type S3Client,
} from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DataContract } from "../../src/contracts";
import { HELD_TAG } from "../../src/mover/deliveryMark";
import { moveObject, type DatasetRoute } from "../../src/mover/moveObject";
import { csvFile, flatParquet, xlsxWorkbook } from "../contracts/exampleFiles";
import { startLocalEngine } from "../localEngine";
import { exportObjects } from "./exportObjects";
import { ENGINE_OPTIONS as OPTIONS, EXPORT } from "../mover/movedAndKept";

const CONTRACT: DataContract = [
  { prefix: "people/", formats: ["csv", "parquet"], maxBytes: 64 * 1024 * 1024, columns: ["id", "full_name", "dob"] },
];
const ROUTES = new Map<string, DatasetRoute>([
  [
    "agreed",
    {
      name: "agreed",
      targetBucket: "agreed-target",
      keepFiles: false,
      roleArn: "arn:aws:iam::123456789012:role/service-role/export_agreed-move",
      contract: CONTRACT,
    },
  ],
]);

let engine: Awaited<ReturnType<typeof startLocalEngine>>;
let s3: S3Client;
/** The operations the client sent, in order (the tests clear it before the calls they count). */
const sent: string[] = [];
const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

beforeAll(async () => {
  engine = await startLocalEngine();
  s3 = engine.admin;
  s3.middlewareStack.add(
    (next, context) => async (args) => {
      sent.push((context.commandName ?? "").replace(/Command$/, ""));
      return next(args);
    },
    { step: "initialize", name: "sentOperations" },
  );
  for (const bucket of [EXPORT, "agreed-target"]) await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  await s3.send(new PutBucketVersioningCommand({ Bucket: EXPORT, VersioningConfiguration: { Status: "Enabled" } }));
}, 240_000);
afterAll(() => engine?.stop());

const { put, read, versionsOf } = exportObjects(() => s3);
const move = (event: { bucket: string; key: string; versionId?: string }) =>
  moveObject(event, ROUTES, () => s3, OPTIONS);
const GOOD = csvFile(["dob", "id", "full_name"], [["2001-01-01", "1", 'Ana "Nan" Silva']], { lineEnding: "\r\n" });
const EXTRA = csvFile(["id", "full_name", "dob", "nhs_number"], [["1", "Ana", "2001-01-01", "943 476 5919"]]);

describe("a dataset's contract on a real S3 engine (Ceph RGW)", () => {
  it.each([
    ["a CSV (CRLF, quoting)", "agreed/people/extract.csv", GOOD],
    [
      "a Parquet file of several row groups",
      "agreed/people/extract.parquet",
      flatParquet(["full_name", "dob"], 5000, 1000),
    ],
  ])("delivers %s that conforms, byte-exact, leaving no version behind", { timeout: 180_000 }, async (_, key, body) => {
    const event = await put(key, body);
    expect(await move(event)).toMatchObject({ outcome: "moved", size: body.length });
    expect(sha(await read("agreed-target", key))).toBe(sha(body));
    expect(await versionsOf(key)).toEqual([]);
  });

  it(
    "holds a file with one extra column (tagged on its version, still in the export bucket, the column named); the fixed file uploaded again is delivered",
    { timeout: 180_000 },
    async () => {
      const key = "agreed/people/monthly.csv";
      const held = await put(key, EXTRA);
      const result = await move(held);
      expect(result).toMatchObject({ outcome: "held", code: "extra-column" });
      expect(result.reason).toContain("the column `nhs_number` is not in the contract");
      const tags = await s3.send(new GetObjectTaggingCommand({ Bucket: EXPORT, Key: key, VersionId: held.versionId }));
      expect(tags.TagSet).toEqual([{ Key: HELD_TAG, Value: "extra-column" }]);
      expect(sha(await read(EXPORT, key))).toBe(sha(EXTRA));
      await expect(read("agreed-target", key)).rejects.toMatchObject({ name: "NoSuchKey" });

      const fixed = await put(key, GOOD);
      expect(await move(fixed)).toMatchObject({ outcome: "moved" });
      expect(sha(await read("agreed-target", key))).toBe(sha(GOOD));
      expect(await versionsOf(key)).toEqual([]);
    },
  );

  it("holds an Excel workbook renamed .csv, saying what it is", { timeout: 180_000 }, async () => {
    const key = "agreed/people/extract-from-excel.csv";
    const event = await put(key, xlsxWorkbook());
    const result = await move(event);
    expect(result).toMatchObject({ outcome: "held", code: "other-format" });
    expect(result.reason).toMatch(/^this is an Excel workbook \(xlsx\).*; allowed: csv, parquet$/);
    expect((await versionsOf(key)).length).toBe(1);
  });

  it(
    "writes a small conforming file from the bytes the check read: one GetObject and one PutObject, as a copy would be written, with its SHA-256",
    { timeout: 180_000 },
    async () => {
      const key = "agreed/people/small.csv";
      const event = await put(key, GOOD);
      sent.length = 0;
      const result = await move(event);
      expect(result).toMatchObject({ outcome: "moved", size: GOOD.length, sha256: sha(GOOD) });
      expect(sent.filter((c) => c !== "ListObjectVersions" && c !== "DeleteObjects")).toEqual([
        "GetObject",
        "PutObject",
      ]);
      expect(sha(await read("agreed-target", key))).toBe(sha(GOOD));
      const head = await s3.send(new HeadObjectCommand({ Bucket: "agreed-target", Key: key }));
      expect([head.ContentType, head.Metadata]).toEqual(["application/octet-stream", {}]);
      expect((await s3.send(new GetObjectTaggingCommand({ Bucket: "agreed-target", Key: key }))).TagSet).toEqual([]);
      expect(await versionsOf(key)).toEqual([]);
    },
  );

  it("refuses a PutObject whose bytes do not match its Content-MD5 (BadDigest), as putWhole relies on", async () => {
    const other = createHash("md5").update("other bytes").digest("base64");
    const write = new PutObjectCommand({
      Bucket: "agreed-target",
      Key: "agreed/people/bad.csv",
      Body: GOOD,
      ContentMD5: other,
    });
    await expect(s3.send(write)).rejects.toMatchObject({ name: "BadDigest" });
    await expect(read("agreed-target", "agreed/people/bad.csv")).rejects.toMatchObject({ name: "NoSuchKey" });
  });
});
