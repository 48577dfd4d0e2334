import { createHash } from "node:crypto";
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectTaggingCommand,
  HeadObjectCommand,
  ListObjectVersionsCommand,
  ListObjectsV2Command,
  PutObjectTaggingCommand,
  S3Client,
  UploadPartCopyCommand,
} from "@aws-sdk/client-s3";
import { mockClient } from "aws-sdk-client-mock";
import { multipartETag } from "../../src/mover/parts";

/** An S3 error as the SDK raises it: a name and an HTTP status. */
export function s3Error(name: string, status: number): Error {
  return Object.assign(new Error(name), { name, $metadata: { httpStatusCode: status } });
}

interface Version {
  id: string;
  lastModified: Date;
  body: Buffer;
  eTag: string;
  contentType?: string;
  tags?: { Key?: string; Value?: string }[];
}

const md5 = (b: Buffer) => `"${createHash("md5").update(b).digest("hex")}"`;

/**
 * A fault to inject: `before` fails the call; `lost` applies it, then loses the response (a
 * timeout); `partial` (DeleteObjects only, else as `before`) deletes every other entry and reports
 * the rest as errors, as S3 may.
 */
export type Fault = { when: "before" | "lost" | "partial"; error: Error } | undefined;
export type FaultPlan = (command: string, input: Record<string, unknown>) => Fault;

/**
 * Just enough S3 for the mover's contract, in memory: versioned or plain buckets, ETags as S3
 * computes them (MD5, and MD5-of-MD5s for parts), conditional requests, multipart copies, and
 * faults injected per call. Its answers follow S3's documented behaviour, not the mover's code.
 */
export class FakeS3 {
  readonly buckets = new Map<string, { versioned: boolean; objects: Map<string, Version[]> }>();
  private uploads = new Map<
    string,
    { bucket: string; key: string; parts: Map<number, Buffer>; contentType?: string }
  >();
  private counter = 0;
  faults: FaultPlan = () => undefined;
  /** When a write happens; tests set it to age objects. */
  clock: () => Date = () => new Date();
  /** Every call's command name, in order. */
  readonly calls: string[] = [];

  bucket(name: string, versioned = false): this {
    this.buckets.set(name, { versioned, objects: new Map() });
    return this;
  }

  /** A user's upload: a new version (versioned) or a replacement (plain). */
  put(bucket: string, key: string, body: Buffer | string, eTag?: string): Version {
    const b = this.need(bucket);
    const data = Buffer.from(body);
    const version: Version = {
      id: b.versioned ? `v${++this.counter}` : "null",
      lastModified: this.clock(),
      body: data,
      eTag: eTag ?? md5(data),
    };
    const versions = b.objects.get(key) ?? [];
    b.objects.set(key, b.versioned ? [...versions, version] : [version]);
    return version;
  }

  current(bucket: string, key: string): Version | undefined {
    return this.need(bucket).objects.get(key)?.at(-1);
  }

  keys(bucket: string): string[] {
    return [...this.need(bucket).objects.entries()].filter(([, v]) => v.length > 0).map(([k]) => k);
  }

  /** An S3 client whose every command is answered by this fake. */
  client(): S3Client {
    const client = new S3Client({ region: "eu-west-1", credentials: { accessKeyId: "x", secretAccessKey: "x" } });
    const mock = mockClient(client);
    // async, as the real client's send always returns a promise.
    const route =
      <I extends Record<string, unknown>>(name: string, handler: (input: I) => unknown) =>
      async (input: I) => {
        this.calls.push(name);
        const fault = this.faults(name, input);
        if (fault?.when === "partial" && name === "DeleteObjects") return this.deleteMany(input, true);
        if (fault?.when === "before" || fault?.when === "partial") throw fault.error;
        const output = handler(input);
        if (fault?.when === "lost") throw fault.error;
        return output;
      };
    mock.on(HeadObjectCommand).callsFake(route("HeadObject", (i) => this.head(i)));
    mock.on(CopyObjectCommand).callsFake(route("CopyObject", (i) => this.copy(i)));
    mock.on(GetObjectTaggingCommand).callsFake(
      route("GetObjectTagging", (i) => ({
        TagSet: this.find(i.Bucket as string, i.Key as string, i.VersionId).tags ?? [],
      })),
    );
    mock.on(PutObjectTaggingCommand).callsFake(
      route("PutObjectTagging", (i) => {
        this.find(i.Bucket as string, i.Key as string, i.VersionId).tags = (i.Tagging as { TagSet: [] }).TagSet;
        return {};
      }),
    );
    mock.on(CreateMultipartUploadCommand).callsFake(route("CreateMultipartUpload", (i) => this.create(i)));
    mock.on(UploadPartCopyCommand).callsFake(route("UploadPartCopy", (i) => this.uploadPartCopy(i)));
    mock.on(CompleteMultipartUploadCommand).callsFake(route("CompleteMultipartUpload", (i) => this.complete(i)));
    mock
      .on(AbortMultipartUploadCommand)
      .callsFake(route("AbortMultipartUpload", (i) => this.uploads.delete(i.UploadId as string)));
    mock.on(DeleteObjectCommand).callsFake(route("DeleteObject", (i) => this.delete(i)));
    mock.on(DeleteObjectsCommand).callsFake(route("DeleteObjects", (i) => this.deleteMany(i)));
    mock.on(ListObjectsV2Command).callsFake(route("ListObjectsV2", (i) => this.list(i)));
    mock.on(ListObjectVersionsCommand).callsFake(route("ListObjectVersions", (i) => this.listVersions(i)));
    return client;
  }

  private need(bucket: string) {
    const b = this.buckets.get(bucket);
    if (!b) throw s3Error("NoSuchBucket", 404);
    return b;
  }

  private find(bucket: string, key: string, versionId?: unknown): Version {
    const versions = this.need(bucket).objects.get(key) ?? [];
    const v = versionId ? versions.find((x) => x.id === versionId) : versions.at(-1);
    if (!v) throw s3Error(versionId ? "NoSuchVersion" : "NotFound", 404);
    return v;
  }

  private source(copySource: string) {
    const [path = "", query = ""] = copySource.split("?");
    const [bucket = "", ...rest] = path.split("/");
    const versionId = new URLSearchParams(query).get("versionId") ?? undefined;
    return this.find(bucket, rest.map(decodeURIComponent).join("/"), versionId);
  }

  private head(i: Record<string, unknown>) {
    const v = this.find(i.Bucket as string, i.Key as string, i.VersionId);
    return { ContentLength: v.body.length, ETag: v.eTag, VersionId: v.id, ContentType: v.contentType };
  }

  private checkIfMatch(v: Version, ifMatch: unknown) {
    if (ifMatch !== undefined && ifMatch !== v.eTag) throw s3Error("PreconditionFailed", 412);
  }

  private copy(i: Record<string, unknown>) {
    const v = this.source(i.CopySource as string);
    this.checkIfMatch(v, i.CopySourceIfMatch);
    const copy = this.put(i.Bucket as string, i.Key as string, v.body);
    return { CopyObjectResult: { ETag: copy.eTag } };
  }

  private create(i: Record<string, unknown>) {
    this.need(i.Bucket as string);
    const id = `upload-${++this.counter}`;
    this.uploads.set(id, { bucket: i.Bucket as string, key: i.Key as string, parts: new Map() });
    return { UploadId: id };
  }

  private uploadPartCopy(i: Record<string, unknown>) {
    const upload = this.uploads.get(i.UploadId as string);
    if (!upload) throw s3Error("NoSuchUpload", 404);
    const v = this.source(i.CopySource as string);
    this.checkIfMatch(v, i.CopySourceIfMatch);
    const [start = 0, end = 0] =
      /bytes=(\d+)-(\d+)/
        .exec(i.CopySourceRange as string)
        ?.slice(1)
        .map(Number) ?? [];
    const part = v.body.subarray(start, end + 1);
    upload.parts.set(i.PartNumber as number, part);
    return { CopyPartResult: { ETag: md5(part) } };
  }

  private complete(i: Record<string, unknown>) {
    const upload = this.uploads.get(i.UploadId as string);
    if (!upload) throw s3Error("NoSuchUpload", 404);
    const listed = (i.MultipartUpload as { Parts: { PartNumber: number; ETag: string }[] }).Parts;
    const bodies = listed.map((p) => upload.parts.get(p.PartNumber) ?? Buffer.alloc(0));
    const eTag = `"${multipartETag(bodies.map((b) => md5(b)))}"`;
    this.put(upload.bucket, upload.key, Buffer.concat(bodies), eTag);
    this.uploads.delete(i.UploadId as string);
    return { ETag: eTag };
  }

  private delete(i: Record<string, unknown>) {
    const b = this.need(i.Bucket as string);
    const versions = b.objects.get(i.Key as string) ?? [];
    if (i.VersionId) {
      b.objects.set(
        i.Key as string,
        versions.filter((v) => v.id !== i.VersionId),
      );
    } else {
      const current = versions.at(-1);
      if (current) this.checkIfMatch(current, i.IfMatch);
      b.objects.set(i.Key as string, versions.slice(0, -1));
    }
    return {};
  }

  // Quiet mode: only errors are listed, and a version that is already gone is not one.
  private deleteMany(i: Record<string, unknown>, partial = false) {
    const Errors: { Key: string; VersionId?: string; Code: string; Message: string }[] = [];
    (i.Delete as { Objects: { Key: string; VersionId?: string }[] }).Objects.forEach((o, n) => {
      if (partial && n % 2 === 1)
        Errors.push({
          Key: o.Key,
          ...(o.VersionId ? { VersionId: o.VersionId } : {}),
          Code: "InternalError",
          Message: "We encountered an internal error.",
        });
      else this.delete({ Bucket: i.Bucket, Key: o.Key, VersionId: o.VersionId });
    });
    return { Errors };
  }

  // Current versions in key order, two to a page so that paging is exercised.
  private list(i: Record<string, unknown>) {
    const all = this.keys(i.Bucket as string)
      .sort()
      .map((Key) => {
        const v = this.current(i.Bucket as string, Key) as Version;
        return { Key, Size: v.body.length, ETag: v.eTag, LastModified: v.lastModified };
      });
    const start = Number(i.ContinuationToken ?? 0);
    const Contents = all.slice(start, start + 2);
    const more = start + 2 < all.length;
    return { Contents, IsTruncated: more, ...(more ? { NextContinuationToken: String(start + 2) } : {}) };
  }

  // Newest first, as S3 lists them; one page is enough for these tests.
  private listVersions(i: Record<string, unknown>) {
    const b = this.need(i.Bucket as string);
    const prefix = (i.Prefix as string) ?? "";
    const Versions = [...b.objects.entries()]
      .filter(([k]) => k.startsWith(prefix))
      .flatMap(([Key, versions]) =>
        [...versions]
          .reverse()
          .map((v, n) => ({ Key, VersionId: v.id, IsLatest: n === 0, ETag: v.eTag, Size: v.body.length })),
      );
    return { Versions, IsTruncated: false };
  }

  /** Uploads in progress: an aborted or completed upload is gone. */
  get openUploads(): number {
    return this.uploads.size;
  }
}
