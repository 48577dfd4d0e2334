import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MAX_OBJECT, MAX_PART, MAX_PARTS, MIB, MIN_PART, partsFor } from "../../src/mover/parts";

describe("partsFor", () => {
  it("plans a 5 TiB object, S3's largest, in at most 10,000 parts of at most 5 GiB", () => {
    const parts = partsFor(MAX_OBJECT, 64 * MIB);
    expect(parts.length).toBeLessThanOrEqual(MAX_PARTS);
    expect(parts.every((p) => p.end - p.start + 1 <= MAX_PART)).toBe(true);
    expect(parts.at(-1)?.end).toBe(MAX_OBJECT - 1);
  });

  it("covers every byte once, in S3's part limits, for any size and preferred part size", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: MAX_OBJECT }),
        fc.integer({ min: 1, max: 2 * MAX_PART }),
        (size, preferred) => {
          const parts = partsFor(size, preferred);
          expect(parts.length).toBeLessThanOrEqual(MAX_PARTS);
          expect(parts[0]?.start).toBe(0);
          // One check per case, not per part: a 5 TiB object has up to 10,000 of them.
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
