import { Crc64Nvme } from "@aws-sdk/crc64-nvme";

/**
 * CRC-64/NVME, the checksum S3 gives every new object by default, as S3 writes it: the 8 bytes
 * of the CRC, big-endian, Base64-encoded (x-amz-checksum-crc64nvme).
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/checking-object-integrity.html
 *
 * Computing one is the AWS SDK's job (@aws-sdk/crc64-nvme). Combining the CRCs of consecutive
 * parts into the CRC of the whole, which no package offers, is here: zlib's crc32_combine method
 * (multiply the first CRC by x^(8·length of the second) modulo the polynomial, then add the
 * second), with the reflected CRC-64/NVME polynomial. The initial and final all-ones terms cancel
 * out, as in zlib. test/mover/crc64nvme.test.ts checks it against direct computation.
 */

/** The reflected CRC-64/NVME polynomial (0xad93d23594c93659 bit-reversed). */
const POLY = 0x9a6c9329ac4bc9b5n;
const TOP = 1n << 63n;

/** a·b modulo the polynomial, both in reflected form (x^0 is the top bit). */
function multiply(a: bigint, b: bigint): bigint {
  let product = 0n;
  for (let m = TOP; m > 0n && a !== 0n; m >>= 1n) {
    if (a & m) {
      product ^= b;
      a ^= m;
    }
    b = b & 1n ? (b >> 1n) ^ POLY : b >> 1n;
  }
  return product;
}

/** x^(2^k) modulo the polynomial, for k = 0…63. */
const SQUARES: bigint[] = [];
for (let p = TOP >> 1n, k = 0; k < 64; k++, p = multiply(p, p)) SQUARES.push(p);

/** x^(8·bytes) modulo the polynomial: what shifting a CRC past `bytes` more bytes multiplies it by. */
function shiftBy(bytes: number): bigint {
  let p = TOP;
  let n = BigInt(bytes) * 8n;
  for (let k = 0; n > 0n; n >>= 1n, k++) if (n & 1n) p = multiply(SQUARES[k % 64] as bigint, p);
  return p;
}

const toBigInt = (base64: string) => Buffer.from(base64, "base64").readBigUInt64BE();
const toBase64 = (crc: bigint) => {
  const bytes = Buffer.alloc(8);
  bytes.writeBigUInt64BE(crc);
  return bytes.toString("base64");
};

/** The CRC64NVME of consecutive parts joined, from each part's CRC64NVME and size, in order. */
export function combineCrc64Nvme(parts: readonly { checksum: string; size: number }[]): string {
  // The CRC of no bytes is 0: the initial and final all-ones terms cancel.
  let crc = 0n;
  for (const part of parts) crc = multiply(shiftBy(part.size), crc) ^ toBigInt(part.checksum);
  return toBase64(crc);
}

/** A running CRC64NVME, computed by the AWS SDK, over bytes that may arrive in pieces (a streamed object). */
export function crc64NvmeOf(): { update(bytes: Uint8Array): void; digest(): Promise<string> } {
  const crc = new Crc64Nvme();
  return {
    update: (bytes) => crc.update(bytes),
    digest: async () => Buffer.from(await crc.digest()).toString("base64"),
  };
}

/** The CRC64NVME of some bytes. */
export async function crc64Nvme(bytes: Uint8Array): Promise<string> {
  const crc = crc64NvmeOf();
  crc.update(bytes);
  return crc.digest();
}
