// On an engine verified by ETags (Ceph RGW) with digests on, a small object uploaded whole is read
// once and its copy written from those bytes (engineCopy in src/mover/moveObject.ts): one GetObject
// and one PutObject with Content-MD5, in place of a GetObject beside a CopyObject, which made the
// engine read the source twice. The same guarantees as the copy: nothing written unless the bytes
// are the source's, the copy verified by its ETag, the source deleted only after, the SHA-256 of
// the bytes delivered.
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { MoveError } from "../../src/mover/errors";
import { ENGINE_WHOLE_READ, moveObject, moveObjects, type DatasetRoute } from "../../src/mover/moveObject";
import { MIB } from "../../src/mover/parts";
import { FakeS3, OWNER_ACCOUNT, s3Error } from "./fakeS3";
import { ENGINE_OPTIONS, EXPORT, MOVED_AND_KEPT as ROUTES, writesCopy } from "./movedAndKept";

const sha256 = (b: Buffer) => createHash("sha256").update(b).digest("hex");
const md5 = (b: Buffer) => createHash("md5").update(b).digest();
const BODY = Buffer.from("id,name\n1,Ana\n2,Bo\n");

function setup(versioned = true) {
  const s3 = new FakeS3("engine").bucket(EXPORT, versioned).bucket("ds-target").bucket("kept-target");
  return { s3, client: s3.client() };
}

describe("a small object on the engine with digests on: read once, written from its bytes", () => {
  it("moves it with one GetObject of the exact version and one PutObject, no CopyObject", async () => {
    const { s3, client } = setup();
    const v = s3.put(EXPORT, "ds/a.csv", BODY);
    const result = await moveObject({ bucket: EXPORT, key: "ds/a.csv" }, ROUTES, () => client, ENGINE_OPTIONS);
    expect(result).toMatchObject({ outcome: "moved", sha256: sha256(BODY), versionId: v.id, size: BODY.length });
    expect([...s3.calls].sort()).toEqual(["DeleteObjects", "GetObject", "ListObjectVersions", "PutObject"]);
    const get = s3.requests.find((r) => r.command === "GetObject")?.input;
    expect(get).toMatchObject({ Key: "ds/a.csv", VersionId: v.id, IfMatch: v.eTag });
    expect(get?.Range).toBeUndefined();
    // The target holds the source's bytes, under the source's ETag (the MD5 of those bytes).
    const copy = s3.current("ds-target", "ds/a.csv");
    expect(copy?.body.equals(BODY)).toBe(true);
    expect(copy?.eTag).toBe(v.eTag);
    expect(s3.keys(EXPORT)).toEqual([]);
  });

  it("sends Content-MD5, so the engine refuses bytes that arrive otherwise, and the write a CopyObject would make", async () => {
    const { s3, client } = setup();
    const routes = new Map<string, DatasetRoute>([
      [
        "ds",
        {
          ...(ROUTES.get("ds") as DatasetRoute),
          kmsKeyArn: "arn:aws:kms:eu-west-1:1:key/k",
          targetOwner: OWNER_ACCOUNT,
        },
      ],
    ]);
    const uploaded = { tags: { owner: "team" }, contentType: "text/html", metadata: { a: "b" } };
    s3.put(EXPORT, "ds/put.csv", BODY, uploaded);
    s3.put(EXPORT, "ds/copied.csv", BODY, uploaded);
    await moveObject({ bucket: EXPORT, key: "ds/put.csv" }, routes, () => client, ENGINE_OPTIONS);
    await moveObject({ bucket: EXPORT, key: "ds/copied.csv" }, routes, () => client, {
      ...ENGINE_OPTIONS,
      digests: false,
    });
    const put = s3.requests.find((r) => r.command === "PutObject")?.input ?? {};
    const copy = s3.requests.find((r) => r.command === "CopyObject")?.input ?? {};
    expect(put.ContentMD5).toBe(md5(BODY).toString("base64"));
    const headers = ["ACL", "ServerSideEncryption", "SSEKMSKeyId", "ExpectedBucketOwner", "ContentType", "Tagging"];
    const of = (input: Record<string, unknown>) => Object.fromEntries(headers.map((h) => [h, input[h]]));
    expect(of(put)).toEqual(of(copy));
    expect(of(put)).toMatchObject({
      ACL: "bucket-owner-full-control",
      ServerSideEncryption: "aws:kms",
      SSEKMSKeyId: "arn:aws:kms:eu-west-1:1:key/k",
      ExpectedBucketOwner: OWNER_ACCOUNT,
      ContentType: "application/octet-stream",
    });
    expect(put.Metadata).toBeUndefined();
    for (const key of ["ds/put.csv", "ds/copied.csv"])
      expect(s3.current("ds-target", key), key).toMatchObject({ metadata: {}, tags: {}, headers: {} });
  });

  it("gives a kept object's SHA-256 and marks it delivered, the source kept", async () => {
    const { s3, client } = setup();
    const v = s3.put(EXPORT, "kept/a.csv", BODY);
    const result = await moveObject({ bucket: EXPORT, key: "kept/a.csv" }, ROUTES, () => client, ENGINE_OPTIONS);
    expect(result).toMatchObject({ outcome: "copied", sha256: sha256(BODY) });
    expect(s3.calls.filter(writesCopy)).toEqual(["PutObject"]);
    expect(Object.keys(v.tags)).toHaveLength(1);
    expect(s3.current(EXPORT, "kept/a.csv")).toBe(v);
  });

  it("writes nothing and keeps the source when the bytes read are not the source's", async () => {
    const { s3, client } = setup();
    s3.put(EXPORT, "ds/a.csv", BODY);
    s3.damage = (command) => (command === "GetObject" ? "in-transit" : undefined);
    const [result] = await moveObjects([{ bucket: EXPORT, key: "ds/a.csv" }], ROUTES, () => client, ENGINE_OPTIONS);
    expect(result).toBeInstanceOf(MoveError);
    expect(result).toMatchObject({ code: "CopyNotVerified", step: "copy" });
    expect(s3.calls).not.toContain("PutObject");
    expect(s3.keys("ds-target")).toEqual([]);
    expect(s3.keys(EXPORT)).toEqual(["ds/a.csv"]);
  });

  it.each([
    ["damaged on its way to the engine: refused by its Content-MD5 (BadDigest)", "in-transit" as const, /BadDigest/],
    ["stored otherwise than sent: its ETag is not the source's", "at-rest" as const, /reports ETag/],
  ])("keeps the source when the copy is %s", async (_, damage, says) => {
    const { s3, client } = setup();
    s3.put(EXPORT, "ds/a.csv", BODY);
    s3.damage = (command, input) => (command === "PutObject" && input.Bucket === "ds-target" ? damage : undefined);
    const [result] = await moveObjects([{ bucket: EXPORT, key: "ds/a.csv" }], ROUTES, () => client, ENGINE_OPTIONS);
    expect(result).toBeInstanceOf(MoveError);
    expect((result as MoveError).message).toMatch(says);
    expect(s3.keys(EXPORT)).toEqual(["ds/a.csv"]);
    expect(s3.calls).not.toContain("DeleteObjects");
  });

  it("is superseded, writing nothing, when the source changed between its listing and its read (412)", async () => {
    const { s3, client } = setup(false);
    s3.put(EXPORT, "ds/a.csv", "first");
    s3.writeDuring("GetObject", EXPORT, "ds/a.csv", "second, written before the read");
    const result = await moveObject({ bucket: EXPORT, key: "ds/a.csv" }, ROUTES, () => client, ENGINE_OPTIONS);
    expect(result).toMatchObject({ outcome: "superseded" });
    expect(s3.keys("ds-target")).toEqual([]);
    expect(s3.current(EXPORT, "ds/a.csv")?.body.toString()).toBe("second, written before the read");
  });

  it("is superseded, deleting nothing, when the source changed between its read and the write", async () => {
    const { s3, client } = setup(false);
    s3.put(EXPORT, "ds/a.csv", "first");
    s3.faults = (command, input) => {
      if (command === "PutObject" && input.Bucket === "ds-target") s3.put(EXPORT, "ds/a.csv", "second, mid-move");
      return undefined;
    };
    const result = await moveObject({ bucket: EXPORT, key: "ds/a.csv" }, ROUTES, () => client, ENGINE_OPTIONS);
    expect(result).toMatchObject({ outcome: "superseded" });
    // The copy is of the version read; the newer one stays for its own event, which copies it over.
    expect(s3.current("ds-target", "ds/a.csv")?.body.toString()).toBe("first");
    expect(s3.current(EXPORT, "ds/a.csv")?.body.toString()).toBe("second, mid-move");
    const deletes = s3.requests.filter((r) => r.command === "DeleteObject");
    expect(deletes.map((d) => d.input.IfMatch)).toEqual([`"${md5(Buffer.from("first")).toString("hex")}"`]);
  });
});

describe("what the engine still copies, as before", () => {
  it("copies with CopyObject alone when digests are off: no read at all", async () => {
    const { s3, client } = setup();
    s3.put(EXPORT, "ds/a.csv", BODY);
    const result = await moveObject({ bucket: EXPORT, key: "ds/a.csv" }, ROUTES, () => client, {
      ...ENGINE_OPTIONS,
      digests: false,
    });
    expect(result.sha256).toBeUndefined();
    expect([...s3.calls].sort()).toEqual(["CopyObject", "DeleteObjects", "ListObjectVersions"]);
  });

  it("copies a source uploaded in parts (its ETag no MD5), reading it only for its SHA-256", async () => {
    const { s3, client } = setup();
    s3.put(EXPORT, "ds/parts.bin", BODY, '"0123456789abcdef0123456789abcdef-2"');
    const result = await moveObject({ bucket: EXPORT, key: "ds/parts.bin" }, ROUTES, () => client, ENGINE_OPTIONS);
    expect(result).toMatchObject({ outcome: "moved", sha256: sha256(BODY) });
    expect(s3.calls).not.toContain("PutObject");
    expect(s3.calls.filter((c) => c === "GetObject")).toHaveLength(1);
    expect(s3.calls).toContain("UploadPartCopy");
  });

  it(`copies an object over ${ENGINE_WHOLE_READ / MIB} MiB with CopyObject, streaming it for its SHA-256, never held whole`, async () => {
    const { s3, client } = setup();
    const body = Buffer.alloc(ENGINE_WHOLE_READ + 1, 3);
    s3.put(EXPORT, "ds/larger.bin", body);
    const options = { ...ENGINE_OPTIONS, multipartThreshold: 4 * ENGINE_WHOLE_READ };
    const result = await moveObject({ bucket: EXPORT, key: "ds/larger.bin" }, ROUTES, () => client, options);
    expect(result).toMatchObject({ outcome: "moved", sha256: sha256(body) });
    expect(s3.calls.filter(writesCopy)).toEqual(["CopyObject"]);
    expect(s3.calls.filter((c) => c === "GetObject")).toHaveLength(1);
  });

  it("keeps the source when its whole read fails, and says so as a failure of the copy", async () => {
    const { s3, client } = setup();
    s3.put(EXPORT, "ds/a.csv", BODY);
    s3.faults = (command) =>
      command === "GetObject" ? { when: "before", error: s3Error("SlowDown", 503) } : undefined;
    const [result] = await moveObjects([{ bucket: EXPORT, key: "ds/a.csv" }], ROUTES, () => client, ENGINE_OPTIONS);
    expect((result as MoveError).message).toMatch(/during copy \(SlowDown, HTTP 503\)/);
    expect(s3.keys("ds-target")).toEqual([]);
    expect(s3.keys(EXPORT)).toEqual(["ds/a.csv"]);
  });
});
