// Property: for generated column sets and contracts, a file is judged deliverable exactly when its
// column set equals the contract's (case-sensitive, any order, no name twice), whether the columns
// are given to the judge directly or written into a real CSV, Parquet or JSON Lines file by a real
// writer and read back by the inspector through ranged reads.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { inspectObject, judge, type DataContract, type Format, type Recognised } from "../../src/contracts";
import { csvFile, flatParquet, memoryObject, utf8 } from "./exampleFiles";

/** Names from a small alphabet with both cases, so sets overlap, differ by case, and near-miss often. */
const name = fc.string({ unit: fc.constantFrom(...'abAB_1 é,"'), minLength: 1, maxLength: 4 });
const names = fc.array(name, { minLength: 1, maxLength: 6 });

const contractOf = (columns: string[], formats: Format[]): DataContract => [{ prefix: "", formats, columns }];
const sameSet = (a: readonly string[], b: readonly string[]) =>
  new Set(a).size === a.length && new Set(a).size === new Set(b).size && a.every((c) => b.includes(c));
const recognised = (format: Format, columns: string[]): Recognised => ({ ok: true, format, columns });

/** A file's columns: sometimes the contract's shuffled (so equal sets are common), else generated. */
const fileAndContract = fc.oneof(
  fc.tuple(fc.uniqueArray(name, { minLength: 1, maxLength: 6 }), fc.boolean()).chain(([agreed, twice]) =>
    fc.shuffledSubarray(agreed, { minLength: agreed.length }).map((shuffled) => ({
      contract: agreed,
      file: twice ? [...shuffled, agreed[0] as string] : shuffled,
    })),
  ),
  fc.record({ contract: fc.uniqueArray(name, { minLength: 1, maxLength: 6 }), file: names }),
);

describe("a file is deliverable exactly when its column set is the contract's", () => {
  it("judged from columns directly", () => {
    fc.assert(
      fc.property(fileAndContract, ({ contract, file }) => {
        const verdict = judge(contractOf(contract, ["csv"]), "f.csv", 10, recognised("csv", file)).verdict;
        expect(verdict).toBe(sameSet(file, contract) ? "deliver" : "hold");
      }),
      { numRuns: 2000 },
    );
  });

  // Unique names for the files: a CSV or JSON object cannot be asked to repeat a key reliably,
  // and the judge's handling of repeats is proved above.
  const unique = fc.oneof(
    fc
      .uniqueArray(name, { minLength: 1, maxLength: 6 })
      .chain((agreed) =>
        fc.shuffledSubarray(agreed, { minLength: agreed.length }).map((file) => ({ contract: agreed, file })),
      ),
    fc.record({
      contract: fc.uniqueArray(name, { minLength: 1, maxLength: 6 }),
      file: fc.uniqueArray(name, { minLength: 1, maxLength: 6 }),
    }),
  );

  const writers: [Format, (columns: string[]) => Uint8Array][] = [
    ["csv", (columns) => csvFile(columns, [columns.map((_, i) => String(i))], { quoted: true })],
    [
      "parquet",
      (columns) =>
        flatParquet(
          columns.filter((c) => c !== "id"),
          3,
        ),
    ],
    ["jsonl", (columns) => utf8(`${JSON.stringify(Object.fromEntries(columns.map((c, i) => [c, i])))}\n`)],
  ];

  it.each(writers)("written as %s by a real writer, inspected by ranged reads, then judged", async (format, write) => {
    await fc.assert(
      fc.asyncProperty(unique, async ({ contract, file }) => {
        // flatParquet always writes an `id` column first: give the contract and the file one both.
        const [agreed, written] =
          format === "parquet"
            ? [[...new Set(["id", ...contract])], ["id", ...file.filter((c) => c !== "id")]]
            : [contract, file];
        const bytes = write(written);
        const inspection = await inspectObject(memoryObject(bytes));
        const verdict = judge(contractOf(agreed, [format]), "f", bytes.length, inspection).verdict;
        expect(verdict).toBe(sameSet(written, agreed) ? "deliver" : "hold");
      }),
      { numRuns: 150 },
    );
  });
});
