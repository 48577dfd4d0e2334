import { createHash, randomBytes } from "node:crypto";
import {
  CompleteMultipartUploadCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  GetObjectTaggingCommand,
  HeadObjectCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  UploadPartCommand,
  type S3Client,
} from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DELIVERED_CONTENT_TYPE } from "../../src/mover/copy";
import { moveObject } from "../../src/mover/moveObject";
import { objectEventsOf } from "../../src/mover/objectEvent";
import { MIB } from "../../src/mover/parts";
import { s3EventMessage } from "../../src/mover/s3EventMessage";
import { sweep } from "../../src/mover/sweep";
import { startLocalEngine } from "../localEngine";
import { exportObjects } from "./exportObjects";
import { ENGINE_OPTIONS as OPTIONS, EXPORT, MOVED_AND_KEPT as ROUTES } from "../mover/movedAndKept";

let engine: Awaited<ReturnType<typeof startLocalEngine>>;
let s3: S3Client;
const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

beforeAll(async () => {
  engine = await startLocalEngine();
  s3 = engine.admin;
  for (const bucket of [EXPORT, "ds-target", "kept-target"]) await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  await s3.send(new PutBucketVersioningCommand({ Bucket: EXPORT, VersioningConfiguration: { Status: "Enabled" } }));
}, 120_000);
afterAll(() => engine?.stop());

const { put, read, versionsOf } = exportObjects(() => s3);

/** An upload in parts, as the AWS CLI makes for large files: its ETag is not an MD5 of the bytes. */
async function putInParts(key: string, body: Buffer, partSize: number) {
  const { UploadId } = await s3.send(
    new CreateMultipartUploadCommand({ Bucket: EXPORT, Key: key, ContentType: "application/x-parquet" }),
  );
  const parts = [];
  for (let start = 0, n = 1; start < body.length; start += partSize, n++) {
    const { ETag } = await s3.send(
      new UploadPartCommand({
        Bucket: EXPORT,
        Key: key,
        UploadId,
        PartNumber: n,
        Body: body.subarray(start, start + partSize),
      }),
    );
    parts.push({ ETag, PartNumber: n });
  }
  const out = await s3.send(
    new CompleteMultipartUploadCommand({ Bucket: EXPORT, Key: key, UploadId, MultipartUpload: { Parts: parts } }),
  );
  return { bucket: EXPORT, key, ...(out.VersionId ? { versionId: out.VersionId } : {}) };
}

const move = (event: { bucket: string; key: string; versionId?: string }) =>
  moveObject(event, ROUTES, () => s3, OPTIONS);

describe("the mover on a real S3 engine (Ceph RGW)", () => {
  it.each([
    ["ds/plain.csv", 1024],
    ["ds/with spaces (final).csv", 300],
    ["ds/a+b=c&d%#?.csv", 10],
    ["ds/résumé/数据.csv", 77],
    ["ds/deeply/nested/path/file.parquet", 5000],
    ["ds/empty.csv", 0],
  ])("moves %s (%i bytes): same key, same bytes, no version left behind", async (key, size) => {
    const body = randomBytes(size);
    const event = await put(key, body);
    expect(await move(event)).toMatchObject({ outcome: "moved", size });
    expect(sha(await read("ds-target", key))).toBe(sha(body));
    expect(await versionsOf(key)).toEqual([]);
  });

  it("copies an object above the threshold in parallel parts, verified, and deletes the source", async () => {
    const body = randomBytes(21 * MIB);
    const event = await put("ds/big.bin", body);
    expect(await move(event)).toMatchObject({ outcome: "moved", size: 21 * MIB });
    expect(sha(await read("ds-target", "ds/big.bin"))).toBe(sha(body));
    expect(await versionsOf("ds/big.bin")).toEqual([]);
  }, 120_000);

  it("copies an object uploaded in parts by parts, labelled as plain bytes whatever it was uploaded as (decision 0015)", async () => {
    const body = randomBytes(11 * MIB);
    const event = await putInParts("ds/uploaded-in-parts.parquet", body, 5 * MIB);
    expect(await move(event)).toMatchObject({ outcome: "moved" });
    const copy = await s3.send(new GetObjectCommand({ Bucket: "ds-target", Key: "ds/uploaded-in-parts.parquet" }));
    expect(copy.ContentType).toBe(DELIVERED_CONTENT_TYPE);
    expect(sha(Buffer.from((await copy.Body?.transformToByteArray()) ?? []))).toBe(sha(body));
  }, 120_000);

  it("gives each delivery's SHA-256 by reading the source, as the engine keeps no checksums (decision 0019)", async () => {
    const small = randomBytes(3000);
    const inParts = randomBytes(11 * MIB);
    const results = [
      await move(await put("ds/digest/small.csv", small)),
      await move(await putInParts("ds/digest/parts.bin", inParts, 5 * MIB)),
      await moveObject(await put("ds/digest/off.csv", small), ROUTES, () => s3, { ...OPTIONS, digests: false }),
    ];
    expect(results.map((r) => [r.outcome, r.sha256])).toEqual([
      ["moved", sha(small)],
      ["moved", sha(inParts)],
      ["moved", undefined],
    ]);
    expect(sha(await read("ds-target", "ds/digest/parts.bin"))).toBe(sha(inParts));
    expect(results[0]?.versionId).toMatch(/./);
    expect(results[0]?.uploadedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it("writes a small file from the bytes it read for the digest: one GetObject, one PutObject, the source's ETag", async () => {
    const body = randomBytes(2048);
    const event = await put("ds/whole/a.csv", body);
    const source = await s3.send(new HeadObjectCommand({ Bucket: EXPORT, Key: "ds/whole/a.csv" }));
    const mover = engine.newClient();
    const sent: string[] = [];
    mover.middlewareStack.add(
      (next, context) => (args) => {
        sent.push(context.commandName ?? "");
        return next(args);
      },
      { step: "initialize", name: "sentCommands" },
    );
    expect(await moveObject(event, ROUTES, () => mover, OPTIONS)).toMatchObject({
      outcome: "moved",
      sha256: sha(body),
    });
    expect(sent.sort()).toEqual([
      "DeleteObjectsCommand",
      "GetObjectCommand",
      "ListObjectVersionsCommand",
      "PutObjectCommand",
    ]);
    const copy = await s3.send(new HeadObjectCommand({ Bucket: "ds-target", Key: "ds/whole/a.csv" }));
    expect(copy.ETag).toBe(source.ETag);
    expect(copy.ContentType).toBe(DELIVERED_CONTENT_TYPE);
    expect(sha(await read("ds-target", "ds/whole/a.csv"))).toBe(sha(body));
    expect(await versionsOf("ds/whole/a.csv")).toEqual([]);
  });

  it("deletes only the version it read when the source is written again between its read and the write", async () => {
    const key = "ds/whole/rewritten.csv";
    const event = await put(key, Buffer.from("first"));
    const mover = engine.newClient();
    let newer: string | undefined;
    mover.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === "PutObjectCommand" && !newer)
          newer = (await put(key, Buffer.from("second, mid-move"))).versionId;
        return next(args);
      },
      { step: "initialize", name: "writeAgainBeforeThePut" },
    );
    expect(await moveObject(event, ROUTES, () => mover, OPTIONS)).toMatchObject({
      outcome: "moved",
      versionId: event.versionId,
      sha256: sha(Buffer.from("first")),
    });
    // The copy is of the version read; the newer one stays, untouched, for its own event.
    expect((await read("ds-target", key)).toString()).toBe("first");
    expect((await versionsOf(key)).map((v) => v.VersionId)).toEqual([newer]);
    expect((await read(EXPORT, key)).toString()).toBe("second, mid-move");
  });

  it("is superseded, writing nothing, when an unversioned source is written again before its read", async () => {
    await s3.send(new CreateBucketCommand({ Bucket: "plain-exports" }));
    const key = "ds/whole/unversioned.csv";
    await s3.send(new PutObjectCommand({ Bucket: "plain-exports", Key: key, Body: "first" }));
    const mover = engine.newClient();
    mover.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === "GetObjectCommand")
          await s3.send(new PutObjectCommand({ Bucket: "plain-exports", Key: key, Body: "second, before the read" }));
        return next(args);
      },
      { step: "initialize", name: "writeAgainBeforeTheRead" },
    );
    const options = { ...OPTIONS, exportBucket: "plain-exports" };
    const result = await moveObject({ bucket: "plain-exports", key }, ROUTES, () => mover, options);
    // The read's If-Match: the engine answers 412 for the ETag listed.
    expect(result).toMatchObject({ outcome: "superseded" });
    expect(
      await s3.send(new HeadObjectCommand({ Bucket: "ds-target", Key: key })).catch((e: unknown) => e),
    ).toMatchObject({
      $metadata: { httpStatusCode: 404 },
    });
    const left = await s3.send(new GetObjectCommand({ Bucket: "plain-exports", Key: key }));
    expect(await left.Body?.transformToString()).toBe("second, before the read");
  });

  it("delivers a small file without any of the metadata or tags its uploader set (decision 0015)", async () => {
    await s3.send(
      new PutObjectCommand({
        Bucket: EXPORT,
        Key: "ds/page.html",
        Body: "<script>alert(1)</script>",
        ContentType: "text/html",
        ContentDisposition: "inline",
        CacheControl: "public, max-age=31536000",
        ContentLanguage: "cy",
        WebsiteRedirectLocation: "https://elsewhere.example/",
        Metadata: { "approved-by": "nobody" },
        Tagging: "expire-after=1d",
      }),
    );
    expect(await move({ bucket: EXPORT, key: "ds/page.html" })).toMatchObject({ outcome: "moved" });
    const copy = await s3.send(new HeadObjectCommand({ Bucket: "ds-target", Key: "ds/page.html" }));
    expect(copy.ContentType).toBe(DELIVERED_CONTENT_TYPE);
    expect(copy.Metadata).toEqual({});
    for (const header of ["ContentDisposition", "CacheControl", "ContentLanguage", "WebsiteRedirectLocation"] as const)
      expect(copy[header], header).toBeUndefined();
    expect((await s3.send(new GetObjectTaggingCommand({ Bucket: "ds-target", Key: "ds/page.html" }))).TagSet).toEqual(
      [],
    );
  }, 120_000);

  it("keeps the source with keep_files", { timeout: 120_000 }, async () => {
    const event = await put("kept/report.csv", Buffer.from("kept"));
    expect(await move(event)).toMatchObject({ outcome: "copied" });
    expect((await read("kept-target", "kept/report.csv")).toString()).toBe("kept");
    expect((await read(EXPORT, "kept/report.csv")).toString()).toBe("kept");
  });

  it(
    "treats a duplicate event as success and never lets a late one overwrite a newer copy",
    { timeout: 120_000 },
    async () => {
      const first = await put("ds/rewritten.csv", Buffer.from("first"));
      const second = await put("ds/rewritten.csv", Buffer.from("second"));
      expect(await move(second)).toMatchObject({ outcome: "moved" });
      expect(await move(second)).toMatchObject({ outcome: "already-moved" });
      expect(await move(first)).toMatchObject({ outcome: "already-moved" });
      expect((await read("ds-target", "ds/rewritten.csv")).toString()).toBe("second");
      expect(await versionsOf("ds/rewritten.csv")).toEqual([]);
    },
  );

  it(
    "moves what the sweep finds, sent in S3's event form, and reports what is under no dataset",
    { timeout: 120_000 },
    async () => {
      await put("ds/sweep/its event was lost + ©.csv", Buffer.from("swept"));
      // keep_files: kept after delivery (marked) stays; never delivered is sent again.
      await move(await put("kept/sweep/stays.csv", Buffer.from("kept by design, once delivered")));
      await put("kept/sweep/never-delivered.csv", Buffer.from("its copy failed"));
      await put("nobody-sweep.csv", Buffer.from("?"));
      const found = await sweep(s3, ROUTES, {
        exportBucket: EXPORT,
        requeueAfterMs: 0,
        alarmAfterMs: 60 * 60_000,
        now: new Date(Date.now() + 1000),
      });
      expect(found.requeue.map((e) => e.key)).toContain("ds/sweep/its event was lost + ©.csv");
      expect(found.requeue.map((e) => e.key)).not.toContain("kept/sweep/stays.csv");
      expect(found.requeue.map((e) => e.key)).toContain("kept/sweep/never-delivered.csv");
      expect(found.unrouted).toContain("nobody-sweep.csv");
      for (const event of objectEventsOf(s3EventMessage(found.requeue))) await move(event);
      expect((await read("ds-target", "ds/sweep/its event was lost + ©.csv")).toString()).toBe("swept");
      expect(await versionsOf("ds/sweep/its event was lost + ©.csv")).toEqual([]);
    },
  );

  it("leaves an object under no dataset where it is", { timeout: 120_000 }, async () => {
    const event = await put("nobody/stray.csv", Buffer.from("?"));
    expect(await move(event)).toEqual({ outcome: "not-a-dataset", key: "nobody/stray.csv" });
    expect((await versionsOf("nobody/stray.csv")).length).toBe(1);
  });
});
