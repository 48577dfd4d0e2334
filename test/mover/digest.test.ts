import { createHash } from "node:crypto";
import { GetObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { describe, expect, it } from "vitest";
import { MoveError } from "../../src/mover/errors";
import { moveObject, moveObjects } from "../../src/mover/moveObject";
import { MIB } from "../../src/mover/parts";
import { FakeS3, type Profile } from "./fakeS3";
import { AWS_OPTIONS, EXPORT, MOVED_AND_KEPT as ROUTES, PROFILE_OPTIONS as OPTIONS } from "./movedAndKept";

const sha256 = (b: Buffer) => createHash("sha256").update(b).digest("hex");

function setup(profile: Profile, targetVersioned = false) {
  const s3 = new FakeS3(profile).bucket(EXPORT, true).bucket("ds-target", targetVersioned).bucket("kept-target");
  return { s3, client: s3.client() };
}

describe.each<{ profile: Profile }>([{ profile: "aws" }, { profile: "engine" }])(
  "each delivery's SHA-256 ($profile profile)",
  ({ profile }) => {
    it.each([
      ["a small object, one CopyObject", "ds/small.csv", Buffer.from("id,name\n1,Ana\n")],
      ["an empty object", "ds/empty.csv", Buffer.alloc(0)],
      ["a large object, copied in parts", "ds/big.bin", Buffer.alloc(21 * MIB, 7)],
    ])("gives the SHA-256 of %s's content, in lowercase hex, with its versions", async (_, key, body) => {
      const { s3, client } = setup(profile, true);
      const v = s3.put(EXPORT, key, body);
      const result = await moveObject({ bucket: EXPORT, key, versionId: v.id }, ROUTES, () => client, OPTIONS[profile]);
      expect(result).toMatchObject({ outcome: "moved", sha256: sha256(body), versionId: v.id });
      expect(result.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(result.targetVersionId).toBe(s3.current("ds-target", key)?.id);
      expect(result.uploadedAt).toBe(v.lastModified.toISOString());
      // One whole read of the exact version, pinned to the ETag seen: never another version's bytes.
      const reads = s3.requests.filter((r) => r.command === "GetObject");
      expect(reads.map((r) => r.input)).toEqual([
        expect.objectContaining({ Key: key, VersionId: v.id, IfMatch: v.eTag }),
      ]);
    });

    it("gives a kept object's SHA-256 too", async () => {
      const { s3, client } = setup(profile);
      const v = s3.put(EXPORT, "kept/a.csv", "kept body");
      const result = await moveObject({ bucket: EXPORT, key: "kept/a.csv" }, ROUTES, () => client, OPTIONS[profile]);
      expect(result).toMatchObject({ outcome: "copied", sha256: sha256(Buffer.from("kept body")), versionId: v.id });
      expect(result.targetVersionId).toBeUndefined();
    });
  },
);

describe("the digest on AWS's checksum path", () => {
  it("reads a small object once in place of its HeadObject: as many requests as without digests", async () => {
    const counts = [];
    for (const digests of [true, false]) {
      const { s3, client } = setup("aws");
      s3.put(EXPORT, "ds/a.csv", "a,b\n");
      await moveObject({ bucket: EXPORT, key: "ds/a.csv" }, ROUTES, () => client, { ...AWS_OPTIONS, digests });
      counts.push([...s3.calls].sort());
    }
    expect(counts[0]).toEqual(["CopyObject", "DeleteObjects", "GetObject", "ListObjectVersions"]);
    expect(counts[1]).toEqual(["CopyObject", "DeleteObjects", "HeadObject", "ListObjectVersions"]);
  });

  it("reads an object S3 keeps no CRC64NVME for once, for both digests", async () => {
    const { s3, client } = setup("aws");
    s3.put(EXPORT, "ds/old.csv", "from before the default checksum", { checksum: "none" });
    const result = await moveObject({ bucket: EXPORT, key: "ds/old.csv" }, ROUTES, () => client, AWS_OPTIONS);
    expect(result.sha256).toBe(sha256(Buffer.from("from before the default checksum")));
    expect(s3.calls.filter((c) => c === "GetObject" || c === "HeadObject")).toEqual(["GetObject"]);
  });

  it("keeps the source and copies nothing when the bytes read are not those S3 keeps a CRC64NVME for", async () => {
    const { s3, client } = setup("aws");
    s3.put(EXPORT, "ds/a.csv", "the real bytes");
    // A read that returns other bytes than S3 stored (as a corrupting proxy would).
    const tampering = {
      send: async (command: { input: Record<string, unknown> }) => {
        const out = (await client.send(command as never)) as unknown as Record<string, unknown>;
        if (!(command instanceof GetObjectCommand)) return out;
        return { ...out, Body: [Buffer.from("other bytes!!!")] };
      },
    } as unknown as S3Client;
    const [result] = await moveObjects([{ bucket: EXPORT, key: "ds/a.csv" }], ROUTES, () => tampering, AWS_OPTIONS);
    expect(result).toBeInstanceOf(MoveError);
    expect(result).toMatchObject({ code: "CopyNotVerified", step: "copy" });
    expect(s3.keys("ds-target")).toEqual([]);
    expect(s3.keys(EXPORT)).toEqual(["ds/a.csv"]);
  });

  it("asks S3 for the stored CRC64NVME with a whole copy's read, and computes none beside a copy in parts", async () => {
    const { s3, client } = setup("aws");
    s3.put(EXPORT, "ds/small.csv", "a,b\n");
    s3.put(EXPORT, "ds/big.bin", Buffer.alloc(12 * MIB, 1));
    for (const key of ["ds/small.csv", "ds/big.bin"])
      await moveObject({ bucket: EXPORT, key }, ROUTES, () => client, AWS_OPTIONS);
    const reads = s3.requests.filter((r) => r.command === "GetObject").map((r) => [r.input.Key, r.input.ChecksumMode]);
    expect(reads).toEqual([
      ["ds/small.csv", "ENABLED"],
      ["ds/big.bin", undefined],
    ]);
  });

  it("copies a large object in parts while it reads it: one HeadObject, one whole read", async () => {
    const { s3, client } = setup("aws");
    s3.put(EXPORT, "ds/big.bin", Buffer.alloc(12 * MIB, 1));
    const result = await moveObject({ bucket: EXPORT, key: "ds/big.bin" }, ROUTES, () => client, AWS_OPTIONS);
    expect(result.sha256).toBe(sha256(Buffer.alloc(12 * MIB, 1)));
    expect(s3.calls.filter((c) => c === "GetObject" || c === "HeadObject").sort()).toEqual(["GetObject", "HeadObject"]);
    expect(s3.calls.filter((c) => c === "UploadPartCopy")).toHaveLength(3);
  });
});
