// A small object the contract check read whole is written to the target from those bytes, with
// one PutObject instead of a CopyObject (issue 27): verified against the source's checksum as a
// copy is, with the target write a CopyObject would make, and only after the verdict.
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { DataContract } from "../../src/contracts";
import { crc64Nvme } from "../../src/mover/crc64nvme";
import { MoveError } from "../../src/mover/errors";
import { moveObject, type DatasetRoute, type MoverOptions } from "../../src/mover/moveObject";
import { csvFile } from "../contracts/exampleFiles";
import { FakeS3, type Profile } from "./fakeS3";
import { ENGINE_OPTIONS, EXPORT, PROFILE_OPTIONS as OPTIONS, writesCopy } from "./movedAndKept";

const CONTRACT: DataContract = [{ prefix: "", formats: ["csv"], columns: ["id", "name"] }];
const KEY_ARN = "arn:aws:kms:eu-west-1:999988887777:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const OWNER = "999988887777";
const route = (name: string, extra: Partial<DatasetRoute> = {}): DatasetRoute => ({
  name,
  targetBucket: "target",
  keepFiles: false,
  roleArn: `arn:aws:iam::123456789012:role/service-role/export_${name}-move`,
  ...extra,
});
const SMALL = Buffer.from(csvFile(["name", "id"], [["Ana", "1"]]));
const BAD = Buffer.from(csvFile(["name", "id", "nhs_number"], [["Ana", "1", "9"]]));
/** Larger than the check's 4 KiB probe: read in part, so copied with CopyObject. */
const LARGER = Buffer.from(
  csvFile(
    ["name", "id"],
    Array.from({ length: 800 }, (_, i) => ["Ana", String(i)]),
  ),
);
const sha256 = (b: Buffer) => createHash("sha256").update(b).digest("hex");

function setup(profile: Profile, extra: Partial<DatasetRoute> = {}) {
  const s3 = new FakeS3(profile)
    .bucket(EXPORT, true)
    .bucket("target", profile === "aws" ? { requireKmsKey: KEY_ARN, owner: OWNER } : {});
  const client = s3.client();
  const target = profile === "aws" ? { kmsKeyArn: KEY_ARN, targetOwner: OWNER } : {};
  const routes = new Map([
    ["ds", route("ds", { contract: CONTRACT, ...target, ...extra })],
    ["plain", route("plain", { ...target, ...extra })],
  ]);
  const move = (key: string, versionId?: string, options: Partial<MoverOptions> = {}) =>
    moveObject({ bucket: EXPORT, key, ...(versionId ? { versionId } : {}) }, routes, () => client, {
      ...OPTIONS[profile],
      ...options,
    });
  return { s3, move };
}

const profiles: Profile[] = ["engine", "aws"];

describe.each(profiles)(
  "a small object under a contract, %s profile: written from the bytes the check read",
  (profile) => {
    it("moves it with one GetObject and one PutObject, no CopyObject, and gives its SHA-256", async () => {
      const { s3, move } = setup(profile);
      const v = s3.put(EXPORT, "ds/a.csv", SMALL);
      const result = await move("ds/a.csv", v.id);
      expect(result).toMatchObject({ outcome: "moved", sha256: sha256(SMALL) });
      expect(s3.current("target", "ds/a.csv")?.body.equals(SMALL)).toBe(true);
      expect(s3.keys(EXPORT)).toEqual([]);
      expect(s3.calls.filter((c) => c === "GetObject" || c === "PutObject")).toEqual(["GetObject", "PutObject"]);
      expect(s3.calls).not.toContain("CopyObject");
      // On AWS the copy needs no HeadObject either: the whole read brought the source's CRC64NVME.
      expect(s3.calls).not.toContain("HeadObject");
    });

    it("sends the checksum the store verifies: the source's CRC64NVME on AWS, Content-MD5 on the engine", async () => {
      const { s3, move } = setup(profile);
      const v = s3.put(EXPORT, "ds/a.csv", SMALL);
      await move("ds/a.csv", v.id);
      const put = s3.requests.find((r) => r.command === "PutObject")?.input;
      if (profile === "aws") expect(put?.ChecksumCRC64NVME).toBe(await crc64Nvme(SMALL));
      else expect(put?.ContentMD5).toBe(createHash("md5").update(SMALL).digest("base64"));
      const get = s3.requests.find((r) => r.command === "GetObject")?.input;
      expect(get).toMatchObject({ VersionId: v.id, IfMatch: v.eTag });
      if (profile === "aws") expect([get?.ChecksumMode, get?.Range]).toEqual(["ENABLED", undefined]);
    });

    it("writes what CopyObject would: the same headers to the target, no metadata, tags or content type of the uploader's", async () => {
      const uploaded = { tags: { owner: "team" }, contentType: "text/html", metadata: { a: "b" } };
      const { s3, move } = setup(profile);
      s3.put(EXPORT, "ds/a.csv", SMALL, uploaded);
      s3.put(EXPORT, "plain/a.csv", SMALL, uploaded);
      await move("ds/a.csv");
      // Without digests: on the engine a small object is otherwise written from its bytes too.
      await move("plain/a.csv", undefined, { digests: false });
      const put = s3.requests.find((r) => r.command === "PutObject")?.input ?? {};
      const copy = s3.requests.find((r) => r.command === "CopyObject")?.input ?? {};
      const headers = ["ACL", "ServerSideEncryption", "SSEKMSKeyId", "ExpectedBucketOwner", "ContentType", "Tagging"];
      const of = (input: Record<string, unknown>) => Object.fromEntries(headers.map((h) => [h, input[h]]));
      expect(of(put)).toEqual(of(copy));
      expect(put.ACL).toBe("bucket-owner-full-control");
      const written = s3.current("target", "ds/a.csv");
      const copied = s3.current("target", "plain/a.csv");
      for (const field of ["contentType", "metadata", "tags", "headers"] as const)
        expect(written?.[field], field).toEqual(copied?.[field]);
      // Under SSE-KMS (aws) an ETag is no MD5, and differs between two writes of the same bytes.
      if (profile === "engine") expect(written?.eTag).toBe(copied?.eTag);
      expect(written?.tags).toEqual({});
      expect(written?.metadata).toEqual({});
    });

    it("never writes a held object: no PutObject, no CopyObject, nothing in the target", async () => {
      const { s3, move } = setup(profile);
      const v = s3.put(EXPORT, "ds/bad.csv", BAD);
      expect(await move("ds/bad.csv", v.id)).toMatchObject({ outcome: "held", code: "extra-column" });
      expect(s3.calls).not.toContain("PutObject");
      expect(s3.calls).not.toContain("CopyObject");
      expect(s3.keys("target")).toEqual([]);
      expect(s3.current(EXPORT, "ds/bad.csv")).toBe(v);
    });

    it("moves an object larger than the probe as one not under a contract, its SHA-256 from the mover's digest read", async () => {
      const { s3, move } = setup(profile);
      expect(LARGER.length).toBeGreaterThan(4096);
      s3.put(EXPORT, "ds/larger.csv", LARGER);
      const result = await move("ds/larger.csv");
      expect(result).toMatchObject({ outcome: "moved" });
      expect(result.sha256).toBe(createHash("sha256").update(LARGER).digest("hex"));
      // On AWS a CopyObject beside the digest read; on the engine a PutObject of the bytes that read brought.
      expect(s3.calls.filter(writesCopy)).toEqual([profile === "aws" ? "CopyObject" : "PutObject"]);
      expect(s3.current("target", "ds/larger.csv")?.body.equals(LARGER)).toBe(true);
    });

    it("copies a keep_files object the same way, marks it delivered and gives its SHA-256", async () => {
      const { s3, move } = setup(profile, { keepFiles: true });
      const v = s3.put(EXPORT, "ds/a.csv", SMALL);
      expect(await move("ds/a.csv", v.id)).toMatchObject({ outcome: "copied", sha256: sha256(SMALL) });
      expect(s3.calls).not.toContain("CopyObject");
      expect(Object.keys(v.tags)).toHaveLength(1);
      expect(s3.current("target", "ds/a.csv")?.body.equals(SMALL)).toBe(true);
    });

    it.each([
      ["damaged on its way to the target: the store refuses it (BadDigest)", "PutObject", "in-transit", "BadDigest"],
      ["damaged by the store after it checked: the copy is not verified", "PutObject", "at-rest", "CopyNotVerified"],
      ["damaged as it was read: nothing is written", "GetObject", "in-transit", "CopyNotVerified"],
    ] as const)("does not accept a copy %s; the source is kept for a retry", async (_, command, damage, code) => {
      const { s3, move } = setup(profile);
      const v = s3.put(EXPORT, "ds/a.csv", SMALL);
      s3.damage = (c) => (c === command ? damage : undefined);
      const error = await move("ds/a.csv", v.id).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MoveError);
      expect(error).toMatchObject({ code });
      expect(s3.current(EXPORT, "ds/a.csv")).toBe(v);
      expect(s3.calls).not.toContain("DeleteObjects");
      expect(s3.calls).not.toContain("DeleteObject");
      if (damage === "in-transit") expect(s3.keys("target")).toEqual([]);
      if (command === "GetObject") expect(s3.calls).not.toContain("PutObject");
    });
  },
);

describe("a small object under a contract on AWS, without a stored CRC64NVME", () => {
  it("is written with the CRC64NVME of the bytes read, as a copy of such an object is verified", async () => {
    const { s3, move } = setup("aws");
    s3.put(EXPORT, "ds/old.csv", SMALL, { checksum: "none" });
    expect(await move("ds/old.csv")).toMatchObject({ outcome: "moved" });
    const put = s3.requests.find((r) => r.command === "PutObject")?.input;
    expect(put?.ChecksumCRC64NVME).toBe(await crc64Nvme(SMALL));
    expect(s3.current("target", "ds/old.csv")?.body.equals(SMALL)).toBe(true);
  });
});

describe("a small object under a contract on the engine, uploaded in parts", () => {
  it("is copied as before: its ETag is no MD5 of the bytes, so it cannot verify a PutObject", async () => {
    const { s3, move } = setup("engine");
    s3.put(EXPORT, "ds/parts.csv", SMALL, { eTag: `"${"a".repeat(32)}-1"` });
    await move("ds/parts.csv").catch(() => undefined);
    expect(s3.calls).not.toContain("PutObject");
  });
});

describe("a contract check started while the batch's versions are listed (an event naming version, ETag and size)", () => {
  const LISTING_MS = 40;
  function early() {
    const { s3, move } = setup("engine");
    s3.latency = (command) => (command === "ListObjectVersions" ? LISTING_MS : 0);
    const client = s3.client();
    const routes = new Map([["ds", route("ds", { contract: CONTRACT })]]);
    const moveEvent = (key: string, v: { id: string; eTag: string; size: number }) =>
      moveObject(
        { bucket: EXPORT, key, versionId: v.id, eTag: v.eTag.replaceAll('"', ""), size: v.size },
        routes,
        () => client,
        ENGINE_OPTIONS,
      );
    const at = (entry: string) => s3.timeline.indexOf(entry);
    return { s3, move, moveEvent, at };
  }

  it("reads during the listing, and writes only after it", async () => {
    const { s3, moveEvent, at } = early();
    const v = s3.put(EXPORT, "ds/a.csv", SMALL);
    expect(await moveEvent("ds/a.csv", v)).toMatchObject({ outcome: "moved", sha256: sha256(SMALL) });
    expect(at("start GetObject")).toBeLessThan(at("end ListObjectVersions"));
    expect(at("start PutObject")).toBeGreaterThan(at("end ListObjectVersions"));
    expect(s3.calls.filter((c) => c === "GetObject")).toHaveLength(1);
    expect(s3.current("target", "ds/a.csv")?.body.equals(SMALL)).toBe(true);
  });

  it("tags a held object only after the listing, and never writes it", async () => {
    const { s3, moveEvent, at } = early();
    const v = s3.put(EXPORT, "ds/bad.csv", BAD);
    expect(await moveEvent("ds/bad.csv", v)).toMatchObject({ outcome: "held" });
    expect(at("start GetObject")).toBeLessThan(at("end ListObjectVersions"));
    expect(at("start PutObjectTagging")).toBeGreaterThan(at("end ListObjectVersions"));
    expect(s3.calls).not.toContain("PutObject");
    expect(s3.keys("target")).toEqual([]);
  });

  it("drops the early verdict of a version that is no longer current, and its failure", async () => {
    const { s3, moveEvent } = early();
    const first = s3.put(EXPORT, "ds/a.csv", BAD);
    s3.put(EXPORT, "ds/a.csv", SMALL);
    // The older version's early read clears it or not; either way it is superseded, never written.
    expect(await moveEvent("ds/a.csv", first)).toMatchObject({ outcome: "superseded" });
    expect(s3.calls).not.toContain("PutObject");
    expect(s3.calls).not.toContain("PutObjectTagging");
    // A version that is gone: its early read fails (404); the move follows the listing instead.
    const gone = { id: "v999", eTag: first.eTag, size: first.size };
    expect(await moveEvent("ds/a.csv", gone)).toMatchObject({ outcome: "superseded" });
  });
});
