// Real files made by real writers (hyparquet-writer, csv-stringify, fflate's zip, node:zlib), and
// an in-memory object that records each ranged read the inspector makes.
import { gzipSync } from "node:zlib";
import { stringify } from "csv-stringify/sync";
import { strToU8, zipSync } from "fflate";
import { parquetWriteBuffer } from "hyparquet-writer";
import { expect } from "vitest";
import type { ObjectSource } from "../../src/contracts";

/** An object in memory, read by ranges like S3 GetObject; `ranges` lists every read made. */
export function memoryObject(
  bytes: Uint8Array,
): ObjectSource & { ranges: [number, number][]; bytesRead: () => number } {
  const ranges: [number, number][] = [];
  return {
    size: bytes.length,
    ranges,
    bytesRead: () => ranges.reduce((sum, [start, end]) => sum + end - start + 1, 0),
    read: async (start, end) => {
      // S3 answers a range that starts at or past the end with 416 InvalidRange.
      expect(start, `range ${start}-${end} of ${bytes.length} bytes`).toBeLessThan(bytes.length);
      expect(end).toBeGreaterThanOrEqual(start);
      ranges.push([start, end]);
      return bytes.slice(start, Math.min(end, bytes.length - 1) + 1);
    },
  };
}

export const utf8 = (text: string) => new TextEncoder().encode(text);

/** A CSV file as csv-stringify writes it: the header, then `rows`. */
export function csvFile(
  columns: string[],
  rows: string[][],
  options: { delimiter?: string; bom?: boolean; lineEnding?: "\n" | "\r\n"; quoted?: boolean } = {},
): Uint8Array {
  return utf8(
    stringify([columns, ...rows], {
      delimiter: options.delimiter ?? ",",
      bom: options.bom ?? false,
      record_delimiter: options.lineEnding === "\r\n" ? "windows" : "unix",
      quoted: options.quoted ?? false,
    }),
  );
}

export const gzip = (bytes: Uint8Array) => new Uint8Array(gzipSync(bytes));

/** A flat Parquet file: one INT32 column `id` and string columns, in row groups of `rowGroupSize`. */
export function flatParquet(columns: string[], rows: number, rowGroupSize = 1000): Uint8Array {
  const ids = Array.from({ length: rows }, (_, i) => i);
  return new Uint8Array(
    parquetWriteBuffer({
      columnData: [
        { name: "id", data: ids, type: "INT32" },
        ...columns.map((name) => ({ name, data: ids.map((i) => `${name}-${i % 97}`), type: "STRING" as const })),
      ],
      rowGroupSize,
    }),
  );
}

/** A Parquet file with a struct column and a list column beside a flat one, in three row groups. */
export function nestedParquet(): Uint8Array {
  return new Uint8Array(
    parquetWriteBuffer({
      columnData: [
        { name: "id", data: [1, 2, 3] },
        { name: "person", data: [{ first_name: "Ada", age: 36 }, { first_name: "Alan", age: 41 }, null] },
        { name: "tags", data: [["x"], [], ["y", "z"]] },
      ],
      schema: [
        { name: "root", num_children: 3 },
        { name: "id", type: "INT32", repetition_type: "REQUIRED" },
        { name: "person", repetition_type: "OPTIONAL", num_children: 2 },
        { name: "first_name", type: "BYTE_ARRAY", converted_type: "UTF8", repetition_type: "OPTIONAL" },
        { name: "age", type: "INT32", repetition_type: "OPTIONAL" },
        { name: "tags", repetition_type: "OPTIONAL", converted_type: "LIST", num_children: 1 },
        { name: "list", repetition_type: "REPEATED", num_children: 1 },
        { name: "element", type: "BYTE_ARRAY", converted_type: "UTF8", repetition_type: "OPTIONAL" },
      ],
      rowGroupSize: 1,
    }),
  );
}

/** The footer's length, from the last 8 bytes of a Parquet file. */
export function footerLength(parquet: Uint8Array): number {
  return new DataView(parquet.buffer, parquet.byteOffset, parquet.byteLength).getUint32(parquet.length - 8, true);
}

/** An Excel workbook (Office Open XML: a zip of XML parts), as a spreadsheet program lays it out. */
export function xlsxWorkbook(): Uint8Array {
  const xml = (body: string) => strToU8(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n${body}`);
  const ns = "http://schemas.openxmlformats.org";
  return zipSync({
    "[Content_Types].xml": xml(
      `<Types xmlns="${ns}/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`,
    ),
    "_rels/.rels": xml(
      `<Relationships xmlns="${ns}/package/2006/relationships"><Relationship Id="rId1" Type="${ns}/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    ),
    "xl/workbook.xml": xml(
      `<workbook xmlns="${ns}/spreadsheetml/2006/main" xmlns:r="${ns}/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    ),
    "xl/_rels/workbook.xml.rels": xml(
      `<Relationships xmlns="${ns}/package/2006/relationships"><Relationship Id="rId1" Type="${ns}/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
    ),
    "xl/worksheets/sheet1.xml": xml(
      `<worksheet xmlns="${ns}/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>full_name</t></is></c></row></sheetData></worksheet>`,
    ),
  });
}

/** A plain zip archive of one CSV file. */
export function zipOfCsv(): Uint8Array {
  return zipSync({ "extract.csv": utf8("a,b\n1,2\n") });
}
