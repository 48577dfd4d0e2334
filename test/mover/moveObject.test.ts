import { describe, expect, it } from "vitest";
import { MoveError } from "../../src/mover/errors";
import { moveObject, moveObjects, type DatasetRoute, type MoverOptions } from "../../src/mover/moveObject";
import { MIB } from "../../src/mover/parts";
import { FakeS3, s3Error, type Profile } from "./fakeS3";
import { writesCopy } from "./movedAndKept";

const EXPORT = "mojap-hub-exports";
const OPTIONS: MoverOptions = { exportBucket: EXPORT, multipartThreshold: 8 * MIB, partSize: 5 * MIB, concurrency: 4 };
const route = (name: string, keepFiles = false): DatasetRoute => ({
  name,
  targetBucket: `${name}-target`,
  keepFiles,
  roleArn: `arn:aws:iam::123456789012:role/service-role/export_${name}-move`,
});
const ROUTES = new Map([
  ["ds", route("ds")],
  ["kept", route("kept", true)],
]);

/** The mover as each profile needs it: checksums on AWS; ETags on an engine that has no checksums. */
const optionsFor = (profile: Profile): MoverOptions =>
  profile === "aws" ? OPTIONS : { ...OPTIONS, verification: "engine-etag" };

describe.each<{ profile: Profile }>([{ profile: "engine" }, { profile: "aws" }])(
  "moveObject ($profile profile)",
  ({ profile }) => {
    function setup(versioned = true) {
      const s3 = new FakeS3(profile).bucket(EXPORT, versioned).bucket("ds-target").bucket("kept-target");
      const client = s3.client();
      const move = (key: string, extra: { eTag?: string; versionId?: string } = {}) =>
        moveObject({ bucket: EXPORT, key, ...extra }, ROUTES, () => client, optionsFor(profile));
      return { s3, move };
    }
    const OPTIONS_HERE = optionsFor(profile);

    it.each([
      "ds/plain.csv",
      "ds/with spaces (final).csv",
      "ds/a+b=c&d%.csv",
      "ds/résumé/数据.csv",
      "ds/deeply/nested/path/to/file.parquet",
      "ds/empty.csv",
    ])("moves %s: same key, same bytes, gone from the export bucket", async (key) => {
      const { s3, move } = setup();
      const body = key.endsWith("empty.csv") ? "" : `contents of ${key}`;
      s3.put(EXPORT, key, body);
      expect(await move(key)).toMatchObject({
        outcome: "moved",
        dataset: "ds",
        size: Buffer.byteLength(body),
        target: `s3://ds-target/${key}`,
      });
      expect(s3.current("ds-target", key)?.body.toString()).toBe(body);
      expect(s3.keys(EXPORT)).toEqual([]);
    });

    it("copies and keeps the source with keep_files", async () => {
      const { s3, move } = setup();
      s3.put(EXPORT, "kept/a.csv", "x");
      expect(await move("kept/a.csv")).toMatchObject({ outcome: "copied" });
      expect(s3.current("kept-target", "kept/a.csv")?.body.toString()).toBe("x");
      expect(s3.keys(EXPORT)).toEqual(["kept/a.csv"]);
    });

    it("copies a large object in parallel parts and verifies the assembled copy", async () => {
      const { s3, move } = setup();
      const body = Buffer.alloc(21 * MIB, 7);
      body.write("start", 0);
      body.write("end", body.length - 3);
      s3.put(EXPORT, "ds/big.bin", body);
      expect(await move("ds/big.bin")).toMatchObject({ outcome: "moved", size: 21 * MIB });
      expect(s3.calls.filter((c) => c === "UploadPartCopy")).toHaveLength(5);
      expect(s3.current("ds-target", "ds/big.bin")?.body.equals(body)).toBe(true);
      expect(s3.openUploads).toBe(0);
    });

    it("treats a duplicate event for an object already moved as success, copying nothing", async () => {
      const { s3, move } = setup();
      const v = s3.put(EXPORT, "ds/a.csv", "x");
      await move("ds/a.csv", { versionId: v.id });
      const copies = s3.calls.length;
      expect(await move("ds/a.csv", { versionId: v.id })).toMatchObject({ outcome: "already-moved" });
      expect(s3.calls.slice(copies)).toEqual(["ListObjectVersions"]);
    });

    it("retires an older version whose event comes late, so it can never overwrite the newer copy", async () => {
      const { s3, move } = setup(true);
      const first = s3.put(EXPORT, "ds/a.csv", "first");
      const second = s3.put(EXPORT, "ds/a.csv", "second");
      expect(await move("ds/a.csv", { versionId: second.id })).toMatchObject({ outcome: "moved" });
      // Moving the newest retired the older version too, so its late event finds nothing to copy.
      expect(await move("ds/a.csv", { versionId: first.id })).toMatchObject({ outcome: "already-moved" });
      expect(s3.current("ds-target", "ds/a.csv")?.body.toString()).toBe("second");
      expect(s3.keys(EXPORT)).toEqual([]);
    });

    it("never leaves an older version current when S3 deletes only part of a batch", async () => {
      const { s3 } = setup(true);
      const client = s3.client();
      const first = s3.put(EXPORT, "ds/a.csv", "first");
      const second = s3.put(EXPORT, "ds/a.csv", "second");
      // S3 may delete some entries of a DeleteObjects and report errors for the others.
      s3.faults = (command) =>
        command === "DeleteObjects" ? { when: "partial", error: s3Error("InternalError", 500) } : undefined;
      await moveObjects(
        [{ bucket: EXPORT, key: "ds/a.csv", versionId: second.id }],
        ROUTES,
        () => client,
        OPTIONS_HERE,
      );
      s3.faults = () => undefined;
      // Whatever was deleted, the older version's late event must not put "first" over "second".
      await moveObjects(
        [
          { bucket: EXPORT, key: "ds/a.csv", versionId: first.id },
          { bucket: EXPORT, key: "ds/a.csv", versionId: second.id },
        ],
        ROUTES,
        () => client,
        OPTIONS_HERE,
      );
      expect(s3.current("ds-target", "ds/a.csv")?.body.toString()).toBe("second");
      expect(s3.keys(EXPORT)).toEqual([]);
    });

    it("leaves a newer version for its own event when an older one's event comes first", async () => {
      const { s3, move } = setup(true);
      const first = s3.put(EXPORT, "ds/a.csv", "first");
      const second = s3.put(EXPORT, "ds/a.csv", "second");
      expect(await move("ds/a.csv", { versionId: first.id })).toMatchObject({ outcome: "superseded" });
      expect(s3.keys("ds-target")).toEqual([]);
      expect(await move("ds/a.csv", { versionId: second.id })).toMatchObject({ outcome: "moved" });
      expect(s3.current("ds-target", "ds/a.csv")?.body.toString()).toBe("second");
    });

    it("skips a stale event whose object was overwritten since (unversioned bucket)", async () => {
      const { s3, move } = setup(false);
      const first = s3.put(EXPORT, "ds/a.csv", "first");
      s3.put(EXPORT, "ds/a.csv", "second");
      expect(await move("ds/a.csv", { eTag: first.eTag.replaceAll('"', "") })).toMatchObject({ outcome: "superseded" });
      expect(s3.keys("ds-target")).toEqual([]);
      expect(s3.current(EXPORT, "ds/a.csv")?.body.toString()).toBe("second");
    });

    it("never deletes a version written after the copy (unversioned bucket: the delete is conditional)", async () => {
      const { s3, move } = setup(false);
      s3.put(EXPORT, "ds/a.csv", "first");
      s3.writeDuring("DeleteObject", EXPORT, "ds/a.csv", "second, written mid-move");
      expect(await move("ds/a.csv")).toMatchObject({ outcome: "superseded" });
      expect(s3.current("ds-target", "ds/a.csv")?.body.toString()).toBe("first");
      expect(s3.current(EXPORT, "ds/a.csv")?.body.toString()).toBe("second, written mid-move");
    });

    it.each(["at-the-root.csv", "unknown_dataset/a.csv", "dsx/a.csv"])(
      "reports %s as under no dataset and leaves it in place",
      async (key) => {
        const { s3, move } = setup();
        s3.put(EXPORT, key, "x");
        expect(await move(key)).toEqual({ outcome: "not-a-dataset", key });
        expect(s3.keys(EXPORT)).toEqual([key]);
        expect(s3.calls).toEqual([]);
      },
    );

    it.each([
      {
        fault: s3Error("AccessDenied", 403),
        says: /dataset ds, object ds\/a\.csv: AccessDenied during copy\. The owner of bucket ds-target must allow arn:aws:iam::123456789012:role\/service-role\/export_ds-move to write there/,
      },
      {
        fault: s3Error("NoSuchBucket", 404),
        says: /the target bucket ds-target does not exist\. The receiving team must create it/,
      },
      {
        fault: s3Error("SlowDown", 503),
        says: /S3 was busy or failing during copy \(SlowDown, HTTP 503\); it will be retried/,
      },
      {
        fault: Object.assign(new Error("socket hang up"), { name: "TimeoutError" }),
        says: /S3 was busy or failing during copy \(TimeoutError\)/,
      },
    ])("fails a copy loudly ($fault.name), saying what to do, and keeps the source", async ({ fault, says }) => {
      const { s3, move } = setup();
      s3.put(EXPORT, "ds/a.csv", "x");
      s3.faults = (command) => (writesCopy(command) ? { when: "before", error: fault } : undefined);
      const error = await move("ds/a.csv").catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MoveError);
      expect((error as MoveError).message).toMatch(says);
      expect(s3.keys(EXPORT)).toEqual(["ds/a.csv"]);
    });

    it("keeps the source when a copy cannot be verified", async () => {
      const { s3 } = setup();
      s3.put(EXPORT, "ds/a.csv", "x");
      const client = s3.client();
      const lying = {
        send: async (command: { constructor: { name: string } }) => {
          const out = (await client.send(command as never)) as { CopyObjectResult?: { ETag?: string } };
          const reported = { ETag: '"ffffffffffffffffffffffffffffffff"', ChecksumCRC64NVME: "AAAAAAAAAAE=" };
          if (command.constructor.name === "CopyObjectCommand") return { CopyObjectResult: reported };
          // The engine writes a small copy with a PutObject of the bytes it read for the digest.
          if (command.constructor.name === "PutObjectCommand") return reported;
          return out;
        },
      };
      const error = await moveObject(
        { bucket: EXPORT, key: "ds/a.csv" },
        ROUTES,
        () => lying as never,
        OPTIONS_HERE,
      ).catch((e: unknown) => e);
      expect((error as MoveError).code).toBe("CopyNotVerified");
      expect(s3.keys(EXPORT)).toEqual(["ds/a.csv"]);
    });

    it("aborts a multipart copy that fails half way, leaving no upload behind", async () => {
      const { s3, move } = setup();
      s3.put(EXPORT, "ds/big.bin", Buffer.alloc(12 * MIB, 1));
      let parts = 0;
      s3.faults = (command) =>
        command === "UploadPartCopy" && ++parts === 2
          ? { when: "before", error: s3Error("InternalError", 500) }
          : undefined;
      await expect(move("ds/big.bin")).rejects.toThrow(/InternalError, HTTP 500/);
      expect(s3.calls).toContain("AbortMultipartUpload");
      expect(s3.openUploads).toBe(0);
      expect(s3.keys(EXPORT)).toEqual(["ds/big.bin"]);
    });
  },
);

describe("moveObject on an engine verified by ETags (no checksums, as Ceph RGW)", () => {
  const ENGINE: MoverOptions = { ...OPTIONS, verification: "engine-etag" };
  function setup() {
    const s3 = new FakeS3("engine").bucket(EXPORT, true).bucket("ds-target").bucket("kept-target");
    const client = s3.client();
    const move = (key: string) => moveObject({ bucket: EXPORT, key }, ROUTES, () => client, ENGINE);
    return { s3, move };
  }

  it("copies a source uploaded in parts by parts too, since its ETag cannot be compared after one copy", async () => {
    const { s3, move } = setup();
    s3.put(EXPORT, "ds/parts.bin", "small but multipart", '"0123456789abcdef0123456789abcdef-2"');
    expect(await move("ds/parts.bin")).toMatchObject({ outcome: "moved" });
    expect(s3.calls).toContain("UploadPartCopy");
    expect(s3.calls).not.toContain("CopyObject");
  });

  it("copies a parts-uploaded source whole on an engine that keeps ETags, and keeps the source where the ETag changed", async () => {
    const { s3 } = setup();
    s3.put(EXPORT, "ds/parts.bin", "uploaded in parts", '"0123456789abcdef0123456789abcdef-2"');
    const client = s3.client();
    // This fake copies as AWS does, giving the copy a new MD5 ETag: the copy cannot be verified.
    const error = await moveObject({ bucket: EXPORT, key: "ds/parts.bin" }, ROUTES, () => client, {
      ...ENGINE,
      wholeCopyKeepsETag: true,
    }).catch((e: unknown) => e);
    expect(s3.calls).toContain("CopyObject");
    expect((error as MoveError).code).toBe("CopyNotVerified");
    expect(s3.keys(EXPORT)).toEqual(["ds/parts.bin"]);
  });
});
