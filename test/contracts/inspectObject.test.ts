import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  HEADER_LIMIT,
  inspectObject,
  PROBE_SIZE,
  refusalMessage,
  type Inspection,
  type Recognised,
  type Refused,
} from "../../src/contracts";
import {
  csvFile,
  flatParquet,
  footerLength,
  gzip,
  memoryObject,
  nestedParquet,
  utf8,
  xlsxWorkbook,
  zipOfCsv,
} from "./exampleFiles";

async function inspect(bytes: Uint8Array): Promise<Inspection> {
  const object = memoryObject(bytes);
  const inspection = await inspectObject(object);
  // The inspector's own count is what the store served.
  expect(inspection.bytesRead).toBe(object.bytesRead());
  expect(inspection.reads).toBe(object.ranges.length);
  return inspection;
}

function recognised(inspection: Inspection): Extract<Inspection, Recognised> {
  expect(inspection.ok, JSON.stringify(inspection)).toBe(true);
  return inspection as Extract<Inspection, Recognised>;
}

function refusal(inspection: Inspection): Refused {
  expect(inspection.ok, JSON.stringify(inspection)).toBe(false);
  return inspection as Refused;
}

const QUOTED_HEADER = ["id", "name, full", 'say "hi"', "two\nlines", "café 名前"];

const csvCases = [
  {
    name: "plain CSV",
    file: csvFile(["id", "full_name"], [["1", "Ada"]]),
    columns: ["id", "full_name"],
    dialect: { delimiter: ",", bom: false, lineEnding: "\n" },
  },
  {
    name: "quoted header: delimiter, quotes, a line break, unicode; BOM and CRLF (Excel's CSV UTF-8)",
    // Every field quoted: csv-stringify leaves a lone LF unquoted when records end in CRLF.
    file: csvFile(QUOTED_HEADER, [["1", "a", "b", "c", "d"]], { bom: true, lineEnding: "\r\n", quoted: true }),
    columns: QUOTED_HEADER,
    dialect: { delimiter: ",", bom: true, lineEnding: "\r\n" },
  },
  {
    name: "semicolons, decimal commas in the rows (a European locale's Excel)",
    file: csvFile(["id", "montant €"], [["1", "2,5"]], { delimiter: ";", bom: true, lineEnding: "\r\n" }),
    columns: ["id", "montant €"],
    dialect: { delimiter: ";", bom: true, lineEnding: "\r\n" },
  },
  {
    name: "minimal quoting: a line break in a quoted name, LF records",
    file: csvFile(QUOTED_HEADER, [["1", "a", "b", "c", "d"]]),
    columns: QUOTED_HEADER,
    dialect: { delimiter: ",", bom: false, lineEnding: "\n" },
  },
  {
    name: "tabs",
    file: csvFile(["a", "b c", "d"], [["1", "2", "3"]], { delimiter: "\t" }),
    columns: ["a", "b c", "d"],
    dialect: { delimiter: "\t", bom: false, lineEnding: "\n" },
  },
  {
    name: "pipes, every field quoted",
    file: csvFile(["a", "b|c"], [["1", "2"]], { delimiter: "|", quoted: true }),
    columns: ["a", "b|c"],
    dialect: { delimiter: "|", bom: false, lineEnding: "\n" },
  },
  {
    name: "a header only, with its line ending",
    file: csvFile(["a", "b"], []),
    columns: ["a", "b"],
    dialect: { delimiter: ",", bom: false, lineEnding: "\n" },
  },
  {
    name: "a header only, without a line ending",
    file: utf8("a,b,c"),
    columns: ["a", "b", "c"],
    dialect: { delimiter: ",", bom: false, lineEnding: undefined },
  },
  {
    name: "one column whose name holds a semicolon (the rows decide the delimiter)",
    file: csvFile(["a;b"], [["1"], ["2"]]),
    columns: ["a;b"],
    dialect: { delimiter: ",", bom: false, lineEnding: "\n" },
  },
  {
    name: "old Mac line endings (CR)",
    file: utf8("a,b\r1,2\r"),
    columns: ["a", "b"],
    dialect: { delimiter: ",", bom: false, lineEnding: "\r" },
  },
];

describe("inspectObject recognises the contract formats by content", () => {
  it.each(csvCases)("$name", async ({ file, columns, dialect }) => {
    expect(recognised(await inspect(file))).toMatchObject({ format: "csv", columns, dialect, reads: 1 });
  });

  it("gzip-compressed CSV, decompressing only its start", async () => {
    const found = recognised(await inspect(gzip(csvFile(QUOTED_HEADER, [["1", "2", "3", "4", "5"]], { bom: true }))));
    expect(found).toMatchObject({ format: "csv.gz", columns: QUOTED_HEADER, dialect: { bom: true } });
  });

  it("JSON Lines: the first object's keys", async () => {
    const file = utf8(`${JSON.stringify({ id: 1, "full name": "Ada" })}\n${JSON.stringify({ id: 2 })}\n`);
    expect(recognised(await inspect(file))).toMatchObject({ format: "jsonl", columns: ["id", "full name"] });
  });

  it("flat Parquet in several row groups, with its column types", async () => {
    const file = flatParquet(["full_name", "postcode"], 5000, 1000);
    expect(recognised(await inspect(file))).toMatchObject({
      format: "parquet",
      columns: ["id", "full_name", "postcode"],
      types: ["INT32", "UTF8", "UTF8"],
      reads: 3,
    });
  });

  it("nested Parquet: the top-level fields, a struct and a list each one column", async () => {
    expect(recognised(await inspect(nestedParquet()))).toMatchObject({
      format: "parquet",
      columns: ["id", "person", "tags"],
      types: ["INT32", "STRUCT", "LIST"],
    });
  });
});

const OLE_HEADER = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...new Array<number>(504).fill(0)]);
const ALLOWED = ["csv", "parquet"] as const;

const refusedCases: { name: string; file: () => Uint8Array; message: string | RegExp }[] = [
  {
    name: "an Excel workbook renamed to .csv",
    file: xlsxWorkbook,
    message:
      "this is an Excel workbook (xlsx); allowed: csv, parquet. open it in Excel, save it as CSV UTF-8 and upload that instead",
  },
  {
    name: "an xls (OLE) file renamed to .csv",
    file: () => OLE_HEADER,
    message: /^this is a Microsoft Office 97-2003 file/,
  },
  {
    name: "a zip of a CSV",
    file: zipOfCsv,
    message: /^this is a zip archive; allowed: csv, parquet\. upload each file/,
  },
  {
    name: "a PDF",
    file: () => utf8("%PDF-1.7\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n"),
    message: /^this is a PDF document; allowed/,
  },
  {
    name: "a gzip-compressed workbook",
    file: () => gzip(xlsxWorkbook()),
    message: /^this is gzip-compressed: an Excel workbook/,
  },
  {
    name: "gzip-compressed Parquet",
    file: () => gzip(nestedParquet()),
    message: /^this is a gzip-compressed Parquet file/,
  },
  {
    name: "gzip-compressed JSON Lines",
    file: () => gzip(utf8('{"a":1}\n')),
    message: /^this is gzip-compressed JSON Lines/,
  },
  {
    name: "damaged gzip",
    file: () => new Uint8Array([0x1f, 0x8b, 0x08, 0x00, 0xff, 0xff, 0xff, 0xff, 0x00, 0x03, 0xff, 0xff, 0xff]),
    message: /^the file starts like gzip but cannot be decompressed/,
  },
  {
    name: "gzip-compressed CSV cut short inside its header",
    file: () => gzip(utf8("id,full_name,postcode\n")).slice(0, -10),
    message: /^the file starts like gzip but cannot be decompressed \(unexpected end of file\)\. compress it again/,
  },
  {
    name: "a Parquet file cut short",
    file: () => nestedParquet().slice(0, -100),
    message:
      /^the file ends before its Parquet footer \(its last bytes are [0-9a-f ]+, not "PAR1"\)\. upload the whole file/,
  },
  {
    name: "a Parquet footer length larger than the file",
    file: () => {
      const file = nestedParquet();
      new DataView(file.buffer).setUint32(file.length - 8, 1_000_000, true);
      return file;
    },
    message: /^the Parquet footer claims 976\.6 KiB, more than the file's .* can hold/,
  },
  {
    name: "an empty file",
    file: () => new Uint8Array(0),
    message: "the file is empty. upload the file with its content",
  },
  {
    name: "a header longer than 64 KiB",
    file: () => csvFile(["x".repeat(HEADER_LIMIT), "b"], [["1", "2"]]),
    message: /^the first line does not end within the first 64 KiB, the most the check reads\. shorten/,
  },
  {
    name: "a quote inside an unquoted name",
    file: () => utf8('a,b"c,d\n1,2,3\n'),
    message: /^the header line is not valid CSV: /,
  },
  { name: "an empty first line", file: () => utf8("\na,b\n"), message: /^the first line is empty/ },
  {
    name: "a Latin-1 header",
    file: () => new Uint8Array([...utf8("id,caf"), 0xe9, ...utf8("\n1,2\n")]),
    message:
      "the header is not UTF-8 text (column 2 holds a byte that is not UTF-8). save the file as CSV UTF-8 and upload it again",
  },
  {
    name: "UTF-16 text (Excel's Unicode Text)",
    file: () => new Uint8Array([0xff, 0xfe, ...[..."a\tb\n"].flatMap((c) => [c.charCodeAt(0), 0])]),
    message: /^this is UTF-16 text \(little-endian\), not UTF-8; allowed/,
  },
  {
    name: "a JSON array",
    file: () => utf8('[{"a":1}]'),
    message: /^this is a JSON document \(it starts with \[\), not JSON Lines/,
  },
  {
    name: "JSON Lines cut inside its first object",
    file: () => utf8('{"a":\n1}\n'),
    message: /^the first line starts with "\{" but is not one JSON object/,
  },
  {
    name: "a binary file",
    file: () => new Uint8Array([1, 2, 0, 4, 5]),
    message: /^this is a binary file of a kind the check does not know \(it starts with 01 02 00 04 05\)/,
  },
];

describe("inspectObject refuses what it cannot read as a contract format, saying what the file is", () => {
  it.each(refusedCases)("$name", async ({ file, message }) => {
    const found = refusal(await inspect(file()));
    if (typeof message === "string") expect(refusalMessage(found, ALLOWED)).toBe(message);
    else expect(refusalMessage(found, ALLOWED)).toMatch(message);
  });
});

/** Text that gzip cannot shrink much, so the compressed file is large too. */
const noise = (length: number) => randomBytes(length).toString("base64").slice(0, length);

describe("inspectObject reads only what it needs, whatever the file's size", () => {
  it("a 10 MiB CSV: one probe of 4 KiB", async () => {
    const rows = Array.from({ length: 110_000 }, (_, i) => [String(i), "x".repeat(96)]);
    const file = csvFile(["id", "payload"], rows);
    expect(file.length).toBeGreaterThan(10 * 1024 * 1024);
    expect(recognised(await inspect(file))).toMatchObject({
      columns: ["id", "payload"],
      bytesRead: PROBE_SIZE,
      reads: 1,
    });
  });

  it("a CSV whose header is longer than the probe: one more read, at most 64 KiB in all", async () => {
    const columns = Array.from({ length: 1000 }, (_, i) => `column_${i}_${"x".repeat(20)}`);
    const rows = Array.from({ length: 20 }, () => columns.map(() => "1"));
    const found = recognised(await inspect(csvFile(columns, rows)));
    expect(found.columns).toEqual(columns);
    expect(found).toMatchObject({ bytesRead: HEADER_LIMIT, reads: 2 });
  });

  it("a large gzip-compressed CSV: at most 64 KiB of it read", async () => {
    const file = gzip(
      csvFile(
        ["id", "payload"],
        Array.from({ length: 30_000 }, (_, i) => [String(i), noise(60)]),
      ),
    );
    expect(file.length).toBeGreaterThan(1024 * 1024);
    const found = recognised(await inspect(file));
    expect(found).toMatchObject({ format: "csv.gz", columns: ["id", "payload"] });
    expect(found.bytesRead).toBeLessThanOrEqual(HEADER_LIMIT);
    expect(found.reads).toBe(1);
  });

  it("a large Parquet file: the probe, the last 8 bytes and the footer, nothing else", async () => {
    const file = flatParquet(["full_name", "postcode"], 300_000, 50_000);
    expect(file.length).toBeGreaterThan(1024 * 1024);
    const found = recognised(await inspect(file));
    expect(found.columns).toEqual(["id", "full_name", "postcode"]);
    expect(found).toMatchObject({ bytesRead: PROBE_SIZE + 8 + footerLength(file), reads: 3 });
  });

  it("a Parquet file with a large footer (many columns, many row groups): the footer in one read", async () => {
    const columns = Array.from({ length: 300 }, (_, i) => `measure_${i}`);
    const file = flatParquet(columns, 60, 2);
    expect(footerLength(file)).toBeGreaterThan(512 * 1024);
    const found = recognised(await inspect(file));
    expect(found.columns).toEqual(["id", ...columns]);
    expect(found).toMatchObject({ bytesRead: PROBE_SIZE + 8 + footerLength(file), reads: 3 });
  });
});
