// Data contracts on the real S3 engine (Ceph RGW), decision 0016: the mover reads each object by
// ranged GetObject of its exact version before the copy, delivers what conforms byte-exact, and
// holds what breaks the contract, tagged on that version, in the export bucket.
import { createHash } from "node:crypto";
import {
  CreateBucketCommand,
  GetObjectTaggingCommand,
  PutBucketVersioningCommand,
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
const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

beforeAll(async () => {
  engine = await startLocalEngine();
  s3 = engine.admin;
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
});
