import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MAX_OBJECT, MAX_PART, MAX_PARTS, MIB, MIN_PART, partsFor } from "../../src/mover/parts";

describe("partsFor", () => {
  const GIB = 1024 * MIB;
  const TIB = 1024 * GIB;

  it("takes S3's largest object as 10,000 parts of 5 GiB: 50,000 GiB, the 48.8 TiB S3's limits page gives", () => {
    expect(MAX_OBJECT).toBe(50_000 * GIB);
    // The page rounds to 48.8 TiB; the exact limit is 48.828125 TiB.
    expect(Math.floor(48.8 * TIB)).toBeLessThanOrEqual(MAX_OBJECT);
    expect(Math.floor(48.9 * TIB)).toBeGreaterThan(MAX_OBJECT);
  });

  it("plans S3's largest object in exactly 10,000 parts of exactly 5 GiB", () => {
    const parts = partsFor(MAX_OBJECT, 64 * MIB);
    expect(parts).toHaveLength(MAX_PARTS);
    expect(parts.every((p) => p.end - p.start + 1 === MAX_PART)).toBe(true);
    expect(parts.at(-1)).toEqual({ number: MAX_PARTS, start: MAX_OBJECT - MAX_PART, end: MAX_OBJECT - 1 });
  });

  it("plans objects above the old 5 TiB limit, which S3 accepts (10 TiB in 10,000 parts of 1 GiB and a bit)", () => {
    const parts = partsFor(10 * TIB, 128 * MIB);
    expect(parts).toHaveLength(MAX_PARTS);
    expect(parts[0]).toEqual({ number: 1, start: 0, end: Math.ceil((10 * TIB) / MAX_PARTS) - 1 });
    expect(parts.at(-1)?.end).toBe(10 * TIB - 1);
    expect(partsFor(5 * TIB + 1, 128 * MIB).at(-1)?.end).toBe(5 * TIB);
  });

  it("refuses a byte more than S3's largest object, which 10,000 parts of 5 GiB cannot hold, and an empty one", () => {
    expect(() => partsFor(MAX_OBJECT + 1, 64 * MIB)).toThrow(RangeError);
    expect(() => partsFor(0, 64 * MIB)).toThrow(RangeError);
  });

  it("covers every byte once, in S3's part limits, for any size and preferred part size", () => {
    fc.assert(
      fc.property(
        // Any size, and sizes within a part of the largest, where the 10,000-part limit binds.
        fc.oneof(fc.integer({ min: 1, max: MAX_OBJECT }), fc.integer({ min: MAX_OBJECT - MAX_PART, max: MAX_OBJECT })),
        fc.integer({ min: 1, max: 2 * MAX_PART }),
        (size, preferred) => {
          const parts = partsFor(size, preferred);
          expect(parts.length).toBeLessThanOrEqual(MAX_PARTS);
          expect(parts[0]?.start).toBe(0);
          // One check per case, not per part: the largest object has 10,000 of them.
          const wrong = parts.find((p, i) => {
            const length = p.end - p.start + 1;
            const last = i === parts.length - 1;
            return (
              p.number !== i + 1 ||
              length > MAX_PART ||
              (!last && (length < MIN_PART || parts[i + 1]?.start !== p.end + 1))
            );
          });
          expect(wrong).toBeUndefined();
          expect(parts.at(-1)?.end).toBe(size - 1);
        },
      ),
      { numRuns: 100 },
    );
  });
});
