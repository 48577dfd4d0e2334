// Property: whatever the column names (delimiters, quotes, line breaks, unicode in them), the
// columns the inspector reads back are the columns a real writer wrote, within the byte budget.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { HEADER_LIMIT, inspectObject, PROBE_SIZE } from "../../src/contracts";
import { csvFile, flatParquet, footerLength, gzip, memoryObject, utf8 } from "./exampleFiles";

const TRICKY = [",", ";", "\t", "|", '"', "\n", "\r\n", "\r", " ", "é", "ß", "名", "😀", "\u00a0", "{", "[", "<"];

/** One column name: a mix of plain letters and every character that troubles a CSV reader. */
const columnName = fc.string({
  unit: fc.oneof(fc.constantFrom(...TRICKY), fc.constantFrom(..."abcxyzABC_019")),
  minLength: 1,
  maxLength: 12,
});

const columnNames = fc.uniqueArray(columnName, { minLength: 1, maxLength: 12 });
const delimiter = fc.constantFrom(",", ";", "\t", "|");

async function readBack(bytes: Uint8Array) {
  const found = await inspectObject(memoryObject(bytes));
  if (!found.ok) throw new Error(`${found.problem}. ${found.fix}`);
  return found;
}

describe("the columns read back are the columns written", () => {
  it("CSV, every field quoted, any delimiter, with or without a BOM, LF or CRLF", async () => {
    await fc.assert(
      fc.asyncProperty(columnNames, delimiter, fc.boolean(), fc.boolean(), async (columns, d, bom, crlf) => {
        const rows = [columns.map((_, i) => String(i))];
        const file = csvFile(columns, rows, { delimiter: d, bom, lineEnding: crlf ? "\r\n" : "\n", quoted: true });
        const found = await readBack(file);
        expect(found.columns).toEqual(columns);
        expect(found.format).toBe("csv");
        expect(found.bytesRead).toBeLessThanOrEqual(HEADER_LIMIT);
      }),
      { numRuns: 300 },
    );
  });

  it("CSV as most writers quote it (only where needed), with data rows; and gzip-compressed", async () => {
    // The first name must not open like JSON or markup: a file whose first character is { [ or <
    // is read as JSON Lines or refused, whatever its extension. And no CR: csv-stringify leaves a
    // lone CR unquoted when records end in LF, which ends the record for every reader.
    const names = columnNames.filter((c) => !/^\s*[{[<]/.test(c[0] ?? "") && !c.some((n) => n.includes("\r")));
    await fc.assert(
      fc.asyncProperty(names, fc.integer({ min: 1, max: 3 }), async (columns, rowCount) => {
        const rows = Array.from({ length: rowCount }, (_, r) => columns.map((_, i) => `v${r}${i}`));
        const file = csvFile(columns, rows);
        expect((await readBack(file)).columns).toEqual(columns);
        const compressed = await readBack(gzip(file));
        expect(compressed).toMatchObject({ format: "csv.gz", columns });
      }),
      { numRuns: 300 },
    );
  });

  it("JSON Lines: the first object's keys, as a set (JSON objects do not keep integer-like keys in order)", async () => {
    await fc.assert(
      fc.asyncProperty(columnNames, async (columns) => {
        const line = JSON.stringify(Object.fromEntries(columns.map((c, i) => [c, i])));
        const found = await readBack(utf8(`${line}\n${line}\n`));
        expect(found.format).toBe("jsonl");
        expect([...found.columns].sort()).toEqual([...columns].sort());
      }),
      { numRuns: 200 },
    );
  });

  it("Parquet written by hyparquet-writer, reading only the probe, the tail and the footer", async () => {
    const names = columnNames.filter((c) => !c.includes("id"));
    await fc.assert(
      fc.asyncProperty(names, async (columns) => {
        const file = flatParquet(columns, 10, 4);
        const found = await readBack(file);
        expect(found.columns).toEqual(["id", ...columns]);
        expect(found.bytesRead).toBe(Math.min(PROBE_SIZE, file.length) + 8 + footerLength(file));
      }),
      { numRuns: 100 },
    );
  });
});
