import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  GetObjectTaggingCommand,
  HeadObjectCommand,
  ListObjectVersionsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  PutObjectTaggingCommand,
  S3Client,
  UploadPartCopyCommand,
} from "@aws-sdk/client-s3";
import { mockClient } from "aws-sdk-client-mock";
import { crc64Nvme } from "../../src/mover/crc64nvme";
import { engineMultipartETag, MAX_COPY_OBJECT, MAX_PARTS, MIN_PART } from "../../src/mover/parts";

/** An S3 error as the SDK raises it: a name and an HTTP status. */
export function s3Error(name: string, status: number, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(name), { name, $metadata: { httpStatusCode: status }, ...extra });
}

/**
 * How the fake behaves. `engine`: as the local engine (Ceph RGW) does: ETags are MD5s, no
 * checksums. `aws`: as AWS S3 documents, where it differs: full-object CRC64NVME checksums on
 * every new object, ETags that are no MD5 under SSE-KMS or SSE-C, PermanentRedirect for a bucket
 * in another region, CopyObject's 5 GiB limit, 10,000 parts of at least 5 MiB, ACLs refused where
 * Object Ownership is "bucket owner enforced", and SlowDown when asked to throttle.
 */
export type Profile = "engine" | "aws";

export interface BucketOptions {
  versioned?: boolean;
  /** aws profile: requests from a client of another region are answered PermanentRedirect. */
  region?: string;
  /** Default encryption: copies written here get ETags that are no MD5 (aws profile). */
  encryption?: "SSE-S3" | "SSE-KMS";
  /** A bucket policy that refuses writes not encrypted with this KMS key (AccessDenied). */
  requireKmsKey?: string;
  /** Object Ownership. AWS's default for new buckets is BucketOwnerEnforced. */
  ownership?: "BucketOwnerEnforced" | "ObjectWriter";
  /** The account that owns the bucket (default OWNER_ACCOUNT), checked against ExpectedBucketOwner. */
  owner?: string;
}

/** The account that owns a fake bucket unless told otherwise. */
export const OWNER_ACCOUNT = "111122223333";

export interface PutOptions {
  /** A parts-style ETag, as an upload in parts gets. */
  eTag?: string;
  /** aws profile: "none" for an object S3 keeps no CRC64NVME for (uploaded before the default, or with another algorithm). */
  checksum?: "crc64nvme" | "none";
  /** aws profile: an object encrypted with SSE-C or SSE-KMS has an ETag that is no MD5. */
  encryption?: "SSE-C" | "SSE-KMS";
  tags?: Record<string, string>;
  contentType?: string;
  /** User metadata (x-amz-meta-*), as the SDK names it: without the prefix. */
  metadata?: Record<string, string>;
  /** Other system metadata an uploader may set, by the SDK's names (ContentDisposition, WebsiteRedirectLocation, …). */
  headers?: Partial<Record<SystemHeader, string>>;
  /** A size to report instead of the body's, for objects too large to hold (limits only). */
  reportedSize?: number;
}

/** The system metadata besides Content-Type that an uploader may set on an object, by the SDK's names. */
export const SYSTEM_HEADERS = [
  "ContentDisposition",
  "CacheControl",
  "ContentEncoding",
  "ContentLanguage",
  "Expires",
  "WebsiteRedirectLocation",
] as const;
export type SystemHeader = (typeof SYSTEM_HEADERS)[number];

/** The tags a request's Tagging header sets (URL-encoded, as PutObject, CopyObject and CreateMultipartUpload take them). */
const taggingIn = (i: Record<string, unknown>): Record<string, string> =>
  Object.fromEntries(new URLSearchParams((i.Tagging as string | undefined) ?? ""));

/** The system metadata a request sets, by the SDK's names. */
const headersIn = (i: Record<string, unknown>): Partial<Record<SystemHeader, string>> =>
  Object.fromEntries(SYSTEM_HEADERS.filter((h) => i[h] !== undefined).map((h) => [h, String(i[h])]));

interface Version {
  id: string;
  lastModified: Date;
  body: Buffer;
  size: number;
  eTag: string;
  hasCrc: boolean;
  tags: Record<string, string>;
  contentType?: string;
  metadata: Record<string, string>;
  headers: Partial<Record<SystemHeader, string>>;
}

interface Bucket extends Required<Pick<BucketOptions, "versioned" | "region" | "ownership" | "owner">> {
  encryption?: BucketOptions["encryption"];
  requireKmsKey?: string;
  objects: Map<string, Version[]>;
}

/** S3's limit of tags on one object, which the fake enforces on PutObjectTagging. */
const MAX_OBJECT_TAGS = 10;

const md5 = (b: Buffer) => `"${createHash("md5").update(b).digest("hex")}"`;
const CLIENT_REGION = "eu-west-1";

/**
 * A fault to inject: `before` fails the call; `lost` applies it, then loses the response (a
 * timeout); `partial` (DeleteObjects only, else as `before`) deletes every other entry and reports
 * the rest as errors, as S3 may.
 */
export type Fault = { when: "before" | "lost" | "partial"; error: Error } | undefined;
export type FaultPlan = (command: string, input: Record<string, unknown>) => Fault;

/**
 * Bytes damaged on their way: `in-transit`, between the sender and the store (a PutObject's
 * body as the store receives it, a GetObject's body as the client receives it); `at-rest`, by
 * the store after it checked what it received (a PutObject stores other bytes and reports theirs).
 */
export type Damage = "in-transit" | "at-rest" | undefined;

/** The bytes with the bits of their last byte flipped. */
const flipped = (bytes: Buffer) => Buffer.concat([bytes.subarray(0, -1), Buffer.from([(bytes.at(-1) ?? 0) ^ 0xff])]);

/**
 * Just enough S3 for the mover's contract, in memory: versioned or plain buckets, conditional
 * requests, multipart copies, and faults injected per call; with the `aws` profile, the AWS
 * behaviours listed at Profile. Its answers follow S3's documented behaviour, not the mover's code.
 */
export class FakeS3 {
  readonly buckets = new Map<string, Bucket>();
  private uploads = new Map<
    string,
    {
      bucket: string;
      key: string;
      parts: Map<number, Buffer>;
      crc: boolean;
      encrypted: boolean;
      tags: Record<string, string>;
      contentType?: string;
      metadata: Record<string, string>;
      headers: Partial<Record<SystemHeader, string>>;
    }
  >();
  private counter = 0;
  faults: FaultPlan = () => undefined;

  /** Another writer: each time `command` is sent, a new version of `key` with `body` is written just before it runs. */
  writeDuring(command: string, bucket: string, key: string, body: string): void {
    this.faults = (name) => {
      if (name === command) this.put(bucket, key, body);
      return undefined;
    };
  }

  /** Damage to the bytes of a GetObject or PutObject. */
  damage: (command: string, input: Record<string, unknown>) => Damage = () => undefined;
  /** Milliseconds each call takes, to let calls overlap. */
  latency: (command: string, input: Record<string, unknown>) => number = () => 0;
  /** aws profile: every n-th request is answered SlowDown (503), as S3 does when a prefix is busy. */
  slowDownEvery = 0;
  /** The most entries a versions listing returns per page: two, so that paging and the batch listing's fallback are exercised. */
  versionsPerPage = 2;
  /** When a write happens; tests set it to age objects. */
  clock: () => Date = () => new Date();
  /** Every call's command name, in order. */
  readonly calls: string[] = [];
  /** Every call with its input, in order. */
  readonly requests: { command: string; input: Record<string, unknown> }[] = [];
  /** "start <command> <part>" and "end <command> <part>", in the order they happen. */
  readonly timeline: string[] = [];

  constructor(readonly profile: Profile = "engine") {}

  bucket(name: string, options: boolean | BucketOptions = false): this {
    const o = typeof options === "boolean" ? { versioned: options } : options;
    this.buckets.set(name, {
      versioned: o.versioned ?? false,
      region: o.region ?? CLIENT_REGION,
      ownership: o.ownership ?? "BucketOwnerEnforced",
      owner: o.owner ?? OWNER_ACCOUNT,
      ...(o.encryption ? { encryption: o.encryption } : {}),
      ...(o.requireKmsKey ? { requireKmsKey: o.requireKmsKey } : {}),
      objects: new Map(),
    });
    return this;
  }

  /** A user's upload: a new version (versioned) or a replacement (plain). The second form is the older one: a parts-style ETag. */
  put(bucket: string, key: string, body: Buffer | string, options: PutOptions | string = {}): Version {
    const o: PutOptions = typeof options === "string" ? { eTag: options } : options;
    const b = this.need(bucket);
    const data = Buffer.from(body);
    const encrypted = this.profile === "aws" && (o.encryption !== undefined || b.encryption === "SSE-KMS");
    const version: Version = {
      id: b.versioned ? `v${++this.counter}` : "null",
      lastModified: this.clock(),
      body: data,
      size: o.reportedSize ?? data.length,
      eTag: o.eTag ?? (encrypted ? this.opaqueETag() : md5(data)),
      hasCrc: this.profile === "aws" && o.checksum !== "none",
      tags: o.tags ?? {},
      ...(o.contentType ? { contentType: o.contentType } : {}),
      metadata: o.metadata ?? {},
      headers: o.headers ?? {},
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
    const client = new S3Client({ region: CLIENT_REGION, credentials: { accessKeyId: "x", secretAccessKey: "x" } });
    const mock = mockClient(client);
    // async, as the real client's send always returns a promise.
    const route =
      <I extends Record<string, unknown>>(name: string, handler: (input: I) => unknown) =>
      async (input: I) => {
        this.calls.push(name);
        this.requests.push({ command: name, input });
        const label = `${name}${input.PartNumber ? ` ${(input.PartNumber as number).toString()}` : ""}`;
        this.timeline.push(`start ${label}`);
        try {
          const wait = this.latency(name, input);
          if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
          if (this.profile === "aws" && this.slowDownEvery > 0 && this.calls.length % this.slowDownEvery === 0)
            throw s3Error("SlowDown", 503);
          this.checkRegion(input.Bucket);
          this.checkOwner(input);
          const fault = this.faults(name, input);
          if (fault?.when === "partial" && name === "DeleteObjects") return this.deleteMany(input, true);
          if (fault?.when === "before" || fault?.when === "partial") throw fault.error;
          const output = await handler(input);
          if (fault?.when === "lost") throw fault.error;
          return output;
        } finally {
          this.timeline.push(`end ${label}`);
        }
      };
    mock.on(HeadObjectCommand).callsFake(route("HeadObject", (i) => this.head(i)));
    mock.on(GetObjectCommand).callsFake(route("GetObject", (i) => this.get(i)));
    mock.on(PutObjectCommand).callsFake(route("PutObject", (i) => this.putObject(i)));
    mock.on(CopyObjectCommand).callsFake(route("CopyObject", (i) => this.copy(i)));
    mock.on(GetObjectTaggingCommand).callsFake(route("GetObjectTagging", (i) => this.tagging(i)));
    mock.on(PutObjectTaggingCommand).callsFake(
      route("PutObjectTagging", (i) => {
        const tagSet = (i.Tagging as { TagSet?: { Key?: string; Value?: string }[] }).TagSet ?? [];
        // "Amazon S3 limits the maximum number of tags to 10 tags per object" (PutObjectTagging API
        // reference); S3 answers 400 BadRequest, "Object tags cannot be greater than 10".
        if (tagSet.length > MAX_OBJECT_TAGS) throw s3Error("BadRequest", 400);
        this.find(i.Bucket as string, i.Key as string, i.VersionId).tags = Object.fromEntries(
          tagSet.map((t) => [t.Key ?? "", t.Value ?? ""]),
        );
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

  /** Uploads in progress: an aborted or completed upload is gone. */
  get openUploads(): number {
    return this.uploads.size;
  }

  private opaqueETag(): string {
    return `"${createHash("sha256").update(String(++this.counter)).digest("hex").slice(0, 32)}"`;
  }

  private need(bucket: string): Bucket {
    const b = this.buckets.get(bucket);
    if (!b) throw s3Error("NoSuchBucket", 404);
    return b;
  }

  // S3 answers a request for a bucket in another region with 301 and the bucket's region.
  // https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html (PermanentRedirect)
  private checkRegion(bucket: unknown): void {
    const b = typeof bucket === "string" ? this.buckets.get(bucket) : undefined;
    if (this.profile === "aws" && b && b.region !== CLIENT_REGION)
      throw s3Error("PermanentRedirect", 301, { BucketRegion: b.region });
  }

  // S3 refuses a request whose expected bucket owner is not the bucket's owner with 403 Access
  // Denied, before anything else; the same for the source bucket of a copy, by its own parameter.
  // https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-owner-condition.html
  private checkOwner(input: Record<string, unknown>): void {
    const owner = (name: unknown) => (typeof name === "string" ? this.buckets.get(name)?.owner : undefined);
    const sourceBucket = typeof input.CopySource === "string" ? input.CopySource.split("/")[0] : undefined;
    const refused = (expected: unknown, actual: string | undefined) =>
      expected !== undefined && actual !== undefined && expected !== actual;
    if (
      refused(input.ExpectedBucketOwner, owner(input.Bucket)) ||
      refused(input.ExpectedSourceBucketOwner, owner(sourceBucket))
    )
      throw s3Error("AccessDenied", 403);
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

  private checkIfMatch(v: Version, ifMatch: unknown) {
    if (ifMatch !== undefined && ifMatch !== v.eTag && `"${ifMatch as string}"` !== v.eTag)
      throw s3Error("PreconditionFailed", 412);
  }

  /** A write's ACL and encryption, checked as the bucket's settings and policy would. */
  private checkWrite(b: Bucket, i: Record<string, unknown>) {
    if (this.profile !== "aws") return;
    // https://docs.aws.amazon.com/AmazonS3/latest/userguide/about-object-ownership.html
    if (b.ownership === "BucketOwnerEnforced" && i.ACL !== undefined && i.ACL !== "bucket-owner-full-control")
      throw s3Error("AccessControlListNotSupported", 400);
    if (b.requireKmsKey && (i.ServerSideEncryption !== "aws:kms" || i.SSEKMSKeyId !== b.requireKmsKey))
      throw s3Error("AccessDenied", 403);
  }

  private async crcOf(v: Version): Promise<string | undefined> {
    return v.hasCrc ? crc64Nvme(v.body) : undefined;
  }

  private async head(i: Record<string, unknown>) {
    const v = this.find(i.Bucket as string, i.Key as string, i.VersionId);
    this.checkIfMatch(v, i.IfMatch);
    const crc = i.ChecksumMode === "ENABLED" ? await this.crcOf(v) : undefined;
    return {
      ContentLength: v.size,
      ETag: v.eTag,
      VersionId: v.id,
      ContentType: v.contentType,
      Metadata: v.metadata,
      ...v.headers,
      ...(crc ? { ChecksumCRC64NVME: crc, ChecksumType: "FULL_OBJECT" } : {}),
    };
  }

  private async get(i: Record<string, unknown>) {
    const v = this.find(i.Bucket as string, i.Key as string, i.VersionId);
    this.checkIfMatch(v, i.IfMatch);
    const version = { LastModified: v.lastModified, ...(v.id !== "null" ? { VersionId: v.id } : {}) };
    const sent = this.damage("GetObject", i) === "in-transit" ? flipped(v.body) : v.body;
    if (i.Range === undefined) {
      // A whole-object GET with ChecksumMode returns the stored full-object checksum.
      const crc = i.ChecksumMode === "ENABLED" ? await this.crcOf(v) : undefined;
      const checksum = crc ? { ChecksumCRC64NVME: crc, ChecksumType: "FULL_OBJECT" } : {};
      return { ContentLength: v.size, ETag: v.eTag, ...version, ...checksum, Body: Readable.from([sent]) };
    }
    // One range, both ends inclusive; a last byte past the end is cut to it, and a first byte at
    // or past the end is 416 InvalidRange (GetObject API reference, "Range"; RFC 9110 §14.1.2).
    const [, first = "", last = ""] = /^bytes=(\d+)-(\d+)$/.exec(i.Range as string) ?? [];
    const start = Number(first);
    if (first === "" || start >= v.body.length) throw s3Error("InvalidRange", 416);
    const body = sent.subarray(start, Math.min(Number(last), v.body.length - 1) + 1);
    return { ContentLength: body.length, ETag: v.eTag, ...version, Body: Readable.from([body]) };
  }

  /**
   * A PutObject as S3 answers it: the write's ACL and encryption checked; the body checked against
   * Content-MD5 and, on AWS, a CRC64NVME given (BadDigest when they differ; PutObject API
   * reference, and "Checking object integrity for data uploads"); system and user metadata and
   * tags as given; on AWS a CRC64NVME stored and reported for every new object.
   */
  private async putObject(i: Record<string, unknown>) {
    const b = this.need(i.Bucket as string);
    this.checkWrite(b, i);
    // If-None-Match: * writes only a key that is not there: S3 answers 412 otherwise.
    // https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-writes.html
    if (i.IfNoneMatch === "*" && this.current(i.Bucket as string, i.Key as string))
      throw s3Error("PreconditionFailed", 412);
    const sent = Buffer.from(i.Body as Uint8Array | string);
    const damage = this.damage("PutObject", i);
    const received = damage === "in-transit" ? flipped(sent) : sent;
    const md5Of = createHash("md5").update(received).digest("base64");
    if (i.ContentMD5 !== undefined && i.ContentMD5 !== md5Of) throw s3Error("BadDigest", 400);
    if (
      this.profile === "aws" &&
      i.ChecksumCRC64NVME !== undefined &&
      i.ChecksumCRC64NVME !== (await crc64Nvme(received))
    )
      throw s3Error("BadDigest", 400);
    const version = this.put(i.Bucket as string, i.Key as string, damage === "at-rest" ? flipped(received) : received, {
      tags: taggingIn(i),
      ...(i.ContentType ? { contentType: i.ContentType as string } : {}),
      metadata: (i.Metadata as Record<string, string> | undefined) ?? {},
      headers: headersIn(i),
      ...(i.SSEKMSKeyId ? { encryption: "SSE-KMS" as const } : {}),
    });
    const crc = await this.crcOf(version);
    return {
      ETag: version.eTag,
      ...(version.id !== "null" ? { VersionId: version.id } : {}),
      ...(crc ? { ChecksumCRC64NVME: crc, ChecksumType: "FULL_OBJECT" } : {}),
    };
  }

  private tagging(i: Record<string, unknown>) {
    const v = this.find(i.Bucket as string, i.Key as string, i.VersionId);
    return { TagSet: Object.entries(v.tags).map(([Key, Value]) => ({ Key, Value })) };
  }

  private async copy(i: Record<string, unknown>) {
    const v = this.source(i.CopySource as string);
    this.checkIfMatch(v, i.CopySourceIfMatch);
    if (this.profile === "aws" && v.size > MAX_COPY_OBJECT) throw s3Error("InvalidRequest", 400);
    const b = this.need(i.Bucket as string);
    this.checkWrite(b, i);
    // COPY (the default) keeps the source's metadata, all but its website redirect, which "is not
    // copied when using the x-amz-metadata-directive header"; REPLACE keeps only what the request
    // gives. Tags likewise by TaggingDirective. (CopyObject API reference.)
    const replace = i.MetadataDirective === "REPLACE";
    const copied = Object.fromEntries(Object.entries(v.headers).filter(([h]) => h !== "WebsiteRedirectLocation"));
    const contentType = replace ? (i.ContentType as string | undefined) : v.contentType;
    const copy = this.put(i.Bucket as string, i.Key as string, v.body, {
      tags: i.TaggingDirective === "REPLACE" ? taggingIn(i) : v.tags,
      ...(contentType ? { contentType } : {}),
      metadata: replace ? ((i.Metadata as Record<string, string> | undefined) ?? {}) : v.metadata,
      headers: replace ? headersIn(i) : { ...copied, ...headersIn(i) },
      ...(i.SSEKMSKeyId ? { encryption: "SSE-KMS" as const } : {}),
      // S3 copies the source's checksum, or makes the one asked for.
      checksum: v.hasCrc || i.ChecksumAlgorithm === "CRC64NVME" ? "crc64nvme" : "none",
    });
    const crc = await this.crcOf(copy);
    return {
      CopyObjectResult: { ETag: copy.eTag, ...(crc ? { ChecksumCRC64NVME: crc, ChecksumType: "FULL_OBJECT" } : {}) },
      ...(copy.id !== "null" ? { VersionId: copy.id } : {}),
    };
  }

  private create(i: Record<string, unknown>) {
    const b = this.need(i.Bucket as string);
    this.checkWrite(b, i);
    const id = `upload-${++this.counter}`;
    this.uploads.set(id, {
      bucket: i.Bucket as string,
      key: i.Key as string,
      parts: new Map(),
      crc: this.profile === "aws" && i.ChecksumAlgorithm === "CRC64NVME",
      encrypted: this.profile === "aws" && (i.SSEKMSKeyId !== undefined || b.encryption === "SSE-KMS"),
      tags: taggingIn(i),
      ...(i.ContentType ? { contentType: i.ContentType as string } : {}),
      metadata: (i.Metadata as Record<string, string> | undefined) ?? {},
      headers: headersIn(i),
    });
    return { UploadId: id };
  }

  private async uploadPartCopy(i: Record<string, unknown>) {
    const upload = this.uploads.get(i.UploadId as string);
    if (!upload) throw s3Error("NoSuchUpload", 404);
    if (this.profile === "aws" && ((i.PartNumber as number) < 1 || (i.PartNumber as number) > MAX_PARTS))
      throw s3Error("InvalidArgument", 400);
    const v = this.source(i.CopySource as string);
    this.checkIfMatch(v, i.CopySourceIfMatch);
    const [start = 0, end = 0] =
      /bytes=(\d+)-(\d+)/
        .exec(i.CopySourceRange as string)
        ?.slice(1)
        .map(Number) ?? [];
    const part = v.body.subarray(start, end + 1);
    upload.parts.set(i.PartNumber as number, part);
    return {
      CopyPartResult: {
        ETag: upload.encrypted ? this.opaqueETag() : md5(part),
        ...(upload.crc ? { ChecksumCRC64NVME: await crc64Nvme(part) } : {}),
      },
    };
  }

  private async complete(i: Record<string, unknown>) {
    const upload = this.uploads.get(i.UploadId as string);
    if (!upload) throw s3Error("NoSuchUpload", 404);
    const listed = (i.MultipartUpload as { Parts: { PartNumber: number; ETag: string }[] }).Parts;
    const bodies = listed.map((p) => upload.parts.get(p.PartNumber) ?? Buffer.alloc(0));
    if (this.profile === "aws" && bodies.slice(0, -1).some((b) => b.length < MIN_PART))
      throw s3Error("EntityTooSmall", 400);
    const whole = Buffer.concat(bodies);
    const crc = upload.crc ? await crc64Nvme(whole) : undefined;
    // With a full-object checksum given, S3 refuses an object that does not have it.
    if (i.ChecksumCRC64NVME !== undefined && i.ChecksumCRC64NVME !== crc) throw s3Error("BadDigest", 400);
    const eTag = upload.encrypted
      ? `${this.opaqueETag().slice(0, -1)}-${listed.length}"`
      : `"${engineMultipartETag(bodies.map((b) => md5(b)))}"`;
    const written = this.put(upload.bucket, upload.key, whole, {
      eTag,
      tags: upload.tags,
      checksum: upload.crc ? "crc64nvme" : "none",
      ...(upload.contentType ? { contentType: upload.contentType } : {}),
      metadata: upload.metadata,
      headers: upload.headers,
    });
    this.uploads.delete(i.UploadId as string);
    return {
      ETag: eTag,
      ...(crc ? { ChecksumCRC64NVME: crc, ChecksumType: "FULL_OBJECT" } : {}),
      ...(written.id !== "null" ? { VersionId: written.id } : {}),
    };
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
        return { Key, Size: v.size, ETag: v.eTag, LastModified: v.lastModified };
      });
    const start = Number(i.ContinuationToken ?? 0);
    const Contents = all.slice(start, start + 2);
    const more = start + 2 < all.length;
    return { Contents, IsTruncated: more, ...(more ? { NextContinuationToken: String(start + 2) } : {}) };
  }

  // Keys in UTF-8 byte order, each key's versions newest first, as S3 lists them; a page holds at
  // most MaxKeys entries (1,000 by default) and at most `versionsPerPage`, and the next one starts
  // after the NextKeyMarker/NextVersionIdMarker pair, the last entry returned.
  // https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectVersions.html
  private listVersions(i: Record<string, unknown>) {
    const b = this.need(i.Bucket as string);
    const prefix = (i.Prefix as string) ?? "";
    const all = [...b.objects.entries()]
      .filter(([k]) => k.startsWith(prefix))
      .sort(([a], [c]) => Buffer.compare(Buffer.from(a), Buffer.from(c)))
      .flatMap(([Key, versions]) =>
        [...versions].reverse().map((v, n) => ({
          Key,
          VersionId: v.id,
          IsLatest: n === 0,
          ETag: v.eTag,
          Size: v.size,
          LastModified: v.lastModified,
        })),
      );
    const keyMarker = i.KeyMarker as string | undefined;
    const start =
      keyMarker === undefined
        ? 0
        : i.VersionIdMarker !== undefined
          ? all.findIndex((x) => x.Key === keyMarker && x.VersionId === i.VersionIdMarker) + 1
          : all.findIndex((x) => Buffer.compare(Buffer.from(x.Key), Buffer.from(keyMarker)) > 0);
    const from = start < 0 ? all.length : start;
    const size = Math.min((i.MaxKeys as number | undefined) ?? 1000, this.versionsPerPage);
    const Versions = all.slice(from, from + size);
    const last = Versions.at(-1);
    const more = from + size < all.length && last !== undefined;
    return {
      Versions,
      IsTruncated: more,
      ...(more ? { NextKeyMarker: last.Key, NextVersionIdMarker: last.VersionId } : {}),
    };
  }
}
