import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { combineCrc64Nvme, crc64Nvme } from "../../src/mover/crc64nvme";

describe("CRC64NVME", () => {
  it("is S3's CRC-64/NVME: the catalogue's check value for 123456789, Base64 as S3 writes it", async () => {
    expect(Buffer.from(await crc64Nvme(Buffer.from("123456789")), "base64").toString("hex")).toBe("ae8b14860a799888");
    expect(await crc64Nvme(new Uint8Array(0))).toBe("AAAAAAAAAAA=");
  });

  it("combines the CRCs of consecutive parts into exactly the CRC computed over the whole", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.uint8Array({ maxLength: 3000 }), { maxLength: 8 }), async (parts) => {
        const each = await Promise.all(parts.map(async (p) => ({ checksum: await crc64Nvme(p), size: p.length })));
        expect(combineCrc64Nvme(each)).toBe(await crc64Nvme(Buffer.concat(parts)));
      }),
      { numRuns: 300 },
    );
  });

  it("tells apart parts assembled in the wrong order or with one byte changed", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ minLength: 1, maxLength: 2000 }),
        fc.uint8Array({ minLength: 1, maxLength: 2000 }),
        fc.nat(),
        async (a, b, at) => {
          const whole = await crc64Nvme(Buffer.concat([a, b]));
          const flipped = Buffer.from(b);
          const i = at % flipped.length;
          flipped.writeUInt8(flipped.readUInt8(i) ^ 1, i);
          const part = async (p: Uint8Array) => ({ checksum: await crc64Nvme(p), size: p.length });
          expect(combineCrc64Nvme([await part(a), await part(flipped)])).not.toBe(whole);
          if (!Buffer.from(a).equals(Buffer.from(b)))
            expect(combineCrc64Nvme([await part(b), await part(a)])).not.toBe(whole);
        },
      ),
      { numRuns: 200 },
    );
  });
});
