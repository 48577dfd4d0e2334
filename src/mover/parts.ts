import { createHash } from "node:crypto";

export const MIB = 1024 * 1024;
/**
 * S3's limits on a multipart upload: parts of 5 MiB to 5 GiB (the last may be smaller), at most
 * 10,000 of them, objects up to 48.8 TiB: 10,000 parts of 5 GiB, 50,000 GiB, exactly what the
 * part limits allow (the page said 5 TiB before; its translations may still).
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/qfacts.html
 */
export const MIN_PART = 5 * MIB;
export const MAX_PART = 5 * 1024 * MIB;
export const MAX_PARTS = 10_000;
export const MAX_OBJECT = MAX_PARTS * MAX_PART;
/** The largest object one CopyObject copies. https://docs.aws.amazon.com/AmazonS3/latest/API/API_CopyObject.html */
export const MAX_COPY_OBJECT = 5 * 1024 * MIB;

/** A byte range of the source, inclusive, as `CopySourceRange` takes it. */
export interface Part {
  number: number;
  start: number;
  end: number;
}

/**
 * The parts to copy an object of `size` bytes in: `preferred` bytes each where S3's limits allow,
 * larger when 10,000 parts would not cover the object. Never empty for a non-empty object.
 */
export function partsFor(size: number, preferred: number): Part[] {
  if (size <= 0 || size > MAX_OBJECT) throw new RangeError(`S3 cannot copy an object of ${size} bytes in parts`);
  const partSize = Math.min(MAX_PART, Math.max(MIN_PART, preferred, Math.ceil(size / MAX_PARTS)));
  const parts: Part[] = [];
  for (let start = 0, number = 1; start < size; start += partSize, number++) {
    parts.push({ number, start, end: Math.min(size, start + partSize) - 1 });
  }
  return parts;
}

const unquote = (eTag: string) => eTag.replaceAll('"', "");

/**
 * The ETag an engine without checksums (Ceph RGW) gives an object assembled from unencrypted parts
 * with these ETags: the MD5 of their MD5s, then `-<count>`. Not relied on against AWS, where an
 * ETag is no MD5 under SSE-KMS or SSE-C.
 */
export function engineMultipartETag(partETags: readonly string[]): string {
  const md5s = Buffer.concat(partETags.map((e) => Buffer.from(unquote(e), "hex")));
  return `${createHash("md5").update(md5s).digest("hex")}-${partETags.length}`;
}

/** True for an ETag of the form of one part's (32 hex digits): on an engine without checksums, an MD5 a copy keeps. */
export function isSinglePartETag(eTag: string): boolean {
  return /^[0-9a-f]{32}$/.test(unquote(eTag));
}

/** ETags compared without their quotes, which S3 adds in some responses and not in events. */
export function sameETag(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && unquote(a) === unquote(b);
}
