import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { MoveError } from "../../src/mover/errors";
import { moveObject, type DatasetRoute, type MoverOptions } from "../../src/mover/moveObject";
import { MIB } from "../../src/mover/parts";
import { FakeS3, s3Error } from "./fakeS3";

// The mover against the fake's AWS profile: what AWS S3 does that the local engine does not.
const EXPORT = "mojap-hub-exports";
const KEY = "arn:aws:kms:eu-west-1:999988887777:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const OPTIONS: MoverOptions = { exportBucket: EXPORT, multipartThreshold: 8 * MIB, partSize: 5 * MIB, concurrency: 3 };
const ROUTES = new Map<string, DatasetRoute>(
  [
    { name: "ds", targetBucket: "ds-target", keepFiles: false },
    { name: "enc", targetBucket: "enc-target", keepFiles: false, kmsKeyArn: KEY },
  ].map((r) => [r.name, { ...r, roleArn: `arn:aws:iam::123456789012:role/service-role/export_${r.name}-move` }]),
);

function setup() {
  const s3 = new FakeS3("aws")
    .bucket(EXPORT, true)
    .bucket("ds-target")
    .bucket("enc-target", { encryption: "SSE-KMS", requireKmsKey: KEY });
  const client = s3.client();
  const move = (key: string, options: Partial<MoverOptions> = {}) =>
    moveObject({ bucket: EXPORT, key }, ROUTES, () => client, { ...OPTIONS, ...options });
  return { s3, move };
}

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (e: unknown) => e as MoveError,
  );

describe("the mover on AWS's behaviour (fake S3, aws profile)", () => {
  it.each([
    { size: 1024, how: "one CopyObject" },
    { size: 12 * MIB, how: "parts" },
  ])(
    "delivers to an SSE-KMS bucket that demands its key ($how): encryption headers sent, copy verified though its ETag is no MD5",
    async ({ size }) => {
      const { s3, move } = setup();
      const body = Buffer.alloc(size, 9);
      s3.put(EXPORT, "enc/report.csv", body);
      expect(await move("enc/report.csv")).toMatchObject({ outcome: "moved" });
      const copy = s3.current("enc-target", "enc/report.csv");
      expect(copy?.body.equals(body)).toBe(true);
      expect(copy?.eTag).not.toBe(`"${createHash("md5").update(body).digest("hex")}"`);
      const writes = s3.requests.filter((r) => ["CopyObject", "CreateMultipartUpload"].includes(r.command));
      expect(writes.map((w) => [w.input.ServerSideEncryption, w.input.SSEKMSKeyId])).toEqual([["aws:kms", KEY]]);
      expect(s3.keys(EXPORT)).toEqual([]);
    },
  );

  it("refuses to count a copy as done when the target bucket refuses it, and keeps the source", async () => {
    const { s3 } = setup();
    const client = s3.client();
    s3.put(EXPORT, "ds/a.csv", "x");
    // Routed without the key the bucket demands: S3 refuses the write.
    const routes = new Map([["ds", { ...(ROUTES.get("ds") as DatasetRoute), targetBucket: "enc-target" }]]);
    const error = await failure(moveObject({ bucket: EXPORT, key: "ds/a.csv" }, routes, () => client, OPTIONS));
    expect(error?.code).toBe("AccessDenied");
    expect(s3.keys(EXPORT)).toEqual(["ds/a.csv"]);
  });

  it("copies a source uploaded in parts in one CopyObject, verified by its checksum, not its ETag", async () => {
    const { s3, move } = setup();
    s3.put(EXPORT, "ds/parts.bin", "uploaded in parts", { eTag: '"0123456789abcdef0123456789abcdef-2"' });
    expect(await move("ds/parts.bin")).toMatchObject({ outcome: "moved" });
    expect(s3.calls).toContain("CopyObject");
    expect(s3.calls).not.toContain("UploadPartCopy");
    expect(s3.requests.find((r) => r.command === "CopyObject")?.input.ChecksumAlgorithm).toBe("CRC64NVME");
  });

  it("reads a source that has no CRC64NVME once to compute it, and still verifies the copy", async () => {
    const { s3, move } = setup();
    s3.put(EXPORT, "ds/old.csv", "uploaded before S3's default checksums", { checksum: "none" });
    expect(await move("ds/old.csv")).toMatchObject({ outcome: "moved" });
    expect(s3.calls).toContain("GetObject");
    expect(s3.current("ds-target", "ds/old.csv")?.body.toString()).toBe("uploaded before S3's default checksums");
  });

  it("keeps the source when a part's checksum does not add up, and never completes the upload", async () => {
    const { s3 } = setup();
    const client = s3.client();
    s3.put(EXPORT, "ds/big.bin", Buffer.alloc(12 * MIB, 3));
    const lying = {
      send: async (command: { constructor: { name: string } }) => {
        const out = (await client.send(command as never)) as { CopyPartResult?: { ChecksumCRC64NVME?: string } };
        if (command.constructor.name === "UploadPartCopyCommand" && out.CopyPartResult)
          out.CopyPartResult.ChecksumCRC64NVME = "AAAAAAAAAAE=";
        return out;
      },
    };
    const error = await failure(
      moveObject({ bucket: EXPORT, key: "ds/big.bin" }, ROUTES, () => lying as never, OPTIONS),
    );
    expect(error?.code).toBe("CopyNotVerified");
    expect(s3.calls).not.toContain("CompleteMultipartUpload");
    expect(s3.openUploads).toBe(0);
    expect(s3.keys(EXPORT)).toEqual(["ds/big.bin"]);
  });

  it("never sends an object over 5 GiB to CopyObject, whatever the threshold", async () => {
    const { s3, move } = setup();
    s3.put(EXPORT, "ds/huge.bin", "stands for 6 GiB", { reportedSize: 6 * 1024 * MIB });
    await move("ds/huge.bin", { multipartThreshold: 10 * 1024 * MIB, partSize: 1024 * MIB }).catch(() => undefined);
    expect(s3.calls).not.toContain("CopyObject");
    expect(s3.calls.filter((c) => c === "UploadPartCopy")).toHaveLength(6);
  });

  it("fails a multipart copy fast: no part starts after a failure, and the upload is aborted only once the others settle", async () => {
    const { s3, move } = setup();
    s3.put(EXPORT, "ds/big.bin", Buffer.alloc(30 * MIB, 2));
    s3.latency = (command, input) => (command === "UploadPartCopy" ? (input.PartNumber === 2 ? 2 : 25) : 0);
    s3.faults = (command, input) =>
      command === "UploadPartCopy" && input.PartNumber === 2
        ? { when: "before", error: s3Error("InternalError", 500) }
        : undefined;
    await expect(move("ds/big.bin")).rejects.toThrow(/InternalError/);
    const parts = s3.timeline.filter((t) => t.includes("UploadPartCopy") || t.includes("AbortMultipartUpload"));
    expect(parts).toEqual([
      "start UploadPartCopy 1",
      "start UploadPartCopy 2",
      "start UploadPartCopy 3",
      "end UploadPartCopy 2",
      "end UploadPartCopy 1",
      "end UploadPartCopy 3",
      "start AbortMultipartUpload",
      "end AbortMultipartUpload",
    ]);
    expect(s3.openUploads).toBe(0);
    expect(s3.keys(EXPORT)).toEqual(["ds/big.bin"]);
  });

  it("keeps the source and says where the bucket is when a client does not follow S3's redirect to another region", async () => {
    const s3 = new FakeS3("aws").bucket(EXPORT, true).bucket("ds-target", { region: "eu-west-2" });
    const client = s3.client();
    s3.put(EXPORT, "ds/a.csv", "x");
    const error = await failure(moveObject({ bucket: EXPORT, key: "ds/a.csv" }, ROUTES, () => client, OPTIONS));
    expect(error?.code).toBe("PermanentRedirect");
    expect(error?.message).toContain("bucket ds-target is in eu-west-2");
    expect(s3.keys(EXPORT)).toEqual(["ds/a.csv"]);
  });

  it("refuses any ACL but bucket-owner-full-control where ACLs are disabled, which is the one the mover sends", async () => {
    const { s3, move } = setup();
    s3.put(EXPORT, "ds/a.csv", "x");
    await move("ds/a.csv");
    expect(s3.requests.find((r) => r.command === "CopyObject")?.input.ACL).toBe("bucket-owner-full-control");
    const client = s3.client();
    const { CopyObjectCommand } = await import("@aws-sdk/client-s3");
    await expect(
      client.send(
        new CopyObjectCommand({ Bucket: "ds-target", Key: "x", CopySource: "ds-target/ds/a.csv", ACL: "private" }),
      ),
    ).rejects.toMatchObject({ name: "AccessControlListNotSupported" });
  });
});
