import { CopyObjectCommand } from "@aws-sdk/client-s3";
import { describe, expect, it } from "vitest";
import { DELIVERED_CONTENT_TYPE } from "../../src/mover/copy";
import { moveObject, type MoverOptions } from "../../src/mover/moveObject";
import { MIB } from "../../src/mover/parts";
import { FakeS3, type Profile } from "./fakeS3";
import { ENGINE_OPTIONS, EXPORT, MOVED_AND_KEPT as ROUTES } from "./movedAndKept";

const OPTIONS: MoverOptions = { ...ENGINE_OPTIONS, verification: "crc64nvme" };

/** Everything an uploader can set on an object besides its bytes, each able to change how it is served or handled. */
const UPLOADED = {
  contentType: "text/html",
  metadata: { "approved-by": "nobody" },
  headers: {
    ContentDisposition: "inline",
    CacheControl: "public, max-age=31536000",
    ContentEncoding: "gzip",
    ContentLanguage: "cy",
    Expires: "Wed, 21 Oct 2026 07:28:00 GMT",
    WebsiteRedirectLocation: "https://elsewhere.example/",
  },
  tags: { "expire-after": "1d", classification: "public" },
};

/** The request that writes the copy: `write`. */
describe.each<{ profile: Profile; size: number; path: string; write: string; digests?: false }>([
  { profile: "engine", size: 1024, path: "one CopyObject", write: "CopyObject", digests: false },
  // With digests on, the engine writes a small copy from the bytes it read for the digest.
  { profile: "engine", size: 1024, path: "one PutObject of the bytes read", write: "PutObject" },
  { profile: "aws", size: 1024, path: "one CopyObject", write: "CopyObject" },
  { profile: "engine", size: 12 * MIB, path: "a multipart copy", write: "CreateMultipartUpload" },
  { profile: "aws", size: 12 * MIB, path: "a multipart copy", write: "CreateMultipartUpload" },
])("what crosses to the receiving bucket in $path ($profile profile)", ({ profile, size, write, digests }) => {
  async function moved() {
    const s3 = new FakeS3(profile).bucket(EXPORT, true).bucket("ds-target");
    s3.put(EXPORT, "ds/page.html", Buffer.alloc(size, 7), UPLOADED);
    const options = { ...(profile === "aws" ? OPTIONS : ENGINE_OPTIONS), ...(digests === false ? { digests } : {}) };
    const client = s3.client();
    expect(await moveObject({ bucket: EXPORT, key: "ds/page.html" }, ROUTES, () => client, options)).toMatchObject({
      outcome: "moved",
    });
    return s3;
  }

  it("is the bytes only: labelled as plain bytes, with none of the uploader's metadata or tags", async () => {
    const s3 = await moved();
    const copy = s3.current("ds-target", "ds/page.html");
    expect(copy?.body.equals(Buffer.alloc(size, 7))).toBe(true);
    expect(copy).toMatchObject({ contentType: DELIVERED_CONTENT_TYPE, metadata: {}, headers: {}, tags: {} });
  });

  it("is what the copy requests say: no metadata, tags or redirect given, and the source's replaced", async () => {
    const s3 = await moved();
    const writes = s3.requests.filter((r) => ["CopyObject", "PutObject", "CreateMultipartUpload"].includes(r.command));
    expect(writes.map((w) => w.command)).toEqual([write]);
    for (const { command, input } of writes) {
      expect(input.ContentType, command).toBe(DELIVERED_CONTENT_TYPE);
      for (const field of ["Metadata", "Tagging", "WebsiteRedirectLocation", ...Object.keys(UPLOADED.headers)])
        expect(input[field], `${command} ${field}`).toBeUndefined();
      if (command === "CopyObject")
        expect(input).toMatchObject({ MetadataDirective: "REPLACE", TaggingDirective: "REPLACE" });
    }
    expect(s3.calls, "the source's tags are not read to be copied").not.toContain("GetObjectTagging");
  });
});

describe("the fake S3's CopyObject, as S3 documents it", () => {
  it("with COPY keeps the source's metadata and tags, all but the website redirect", async () => {
    const s3 = new FakeS3("aws").bucket("a").bucket("b");
    s3.put("a", "k", "x", UPLOADED);
    await s3
      .client()
      .send(new CopyObjectCommand({ Bucket: "b", Key: "k", CopySource: "a/k", MetadataDirective: "COPY" }));
    const kept = Object.fromEntries(Object.entries(UPLOADED.headers).filter(([h]) => h !== "WebsiteRedirectLocation"));
    expect(s3.current("b", "k")).toMatchObject({
      contentType: "text/html",
      metadata: UPLOADED.metadata,
      headers: kept,
      tags: UPLOADED.tags,
    });
    expect(s3.current("b", "k")?.headers.WebsiteRedirectLocation).toBeUndefined();
  });
});
