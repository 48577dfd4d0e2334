import { refused, type Refused } from "./inspection";

/** A file kind told by its first bytes, that a contract never allows. */
interface LookAlike {
  readonly magic: readonly number[];
  readonly offset?: number;
  readonly problem: string;
  readonly fix: string;
}

const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));

const EXPORT_AS_CSV = "export the data as CSV (UTF-8) or Parquet and upload that instead";

/**
 * Formats people send by mistake instead of an agreed extract, by their magic numbers (the file
 * signatures their specifications fix). Zip and gzip are told apart further by `zipKind` and by
 * decompressing.
 */
const LOOK_ALIKES: readonly LookAlike[] = [
  {
    magic: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1],
    problem: "this is a Microsoft Office 97-2003 file (an Excel xls, or a Word or PowerPoint file)",
    fix: "open it in Excel, save the sheet as CSV UTF-8 and upload that instead",
  },
  { magic: ascii("%PDF-"), problem: "this is a PDF document", fix: EXPORT_AS_CSV },
  {
    magic: ascii("BZh"),
    problem: "this is a bzip2-compressed file",
    fix: "upload it uncompressed, or as gzip-compressed CSV",
  },
  {
    magic: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00],
    problem: "this is an xz-compressed file",
    fix: "upload it uncompressed, or as gzip-compressed CSV",
  },
  {
    magic: [0x28, 0xb5, 0x2f, 0xfd],
    problem: "this is a Zstandard-compressed file",
    fix: "upload it uncompressed, or as gzip-compressed CSV",
  },
  {
    magic: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c],
    problem: "this is a 7-Zip archive",
    fix: "upload each file on its own",
  },
  { magic: ascii("SQLite format 3\0"), problem: "this is an SQLite database", fix: EXPORT_AS_CSV },
  { magic: ascii("ORC"), problem: "this is an ORC file", fix: "write it as Parquet or CSV and upload that instead" },
  {
    magic: [...ascii("Obj"), 1],
    problem: "this is an Avro file",
    fix: "write it as Parquet or CSV and upload that instead",
  },
  { magic: ascii("ARROW1"), problem: "this is an Arrow IPC file", fix: "write it as Parquet and upload that instead" },
  { magic: ascii("ustar"), offset: 257, problem: "this is a tar archive", fix: "upload each file on its own" },
  { magic: [0x89, ...ascii("PNG")], problem: "this is a PNG image", fix: EXPORT_AS_CSV },
  { magic: [0xff, 0xd8, 0xff], problem: "this is a JPEG image", fix: EXPORT_AS_CSV },
  {
    magic: [0xff, 0xfe],
    problem: "this is UTF-16 text (little-endian), not UTF-8",
    fix: "save it as CSV UTF-8 and upload that instead",
  },
  {
    magic: [0xfe, 0xff],
    problem: "this is UTF-16 text (big-endian), not UTF-8",
    fix: "save it as CSV UTF-8 and upload that instead",
  },
];

export const PARQUET_MAGIC = ascii("PAR1");
export const GZIP_MAGIC = [0x1f, 0x8b];
const ZIP_MAGICS = [
  [0x50, 0x4b, 0x03, 0x04],
  [0x50, 0x4b, 0x05, 0x06],
];

/** Whether `bytes` holds `magic` at `offset`. */
export function startsWith(bytes: Uint8Array, magic: readonly number[], offset = 0): boolean {
  return bytes.length >= offset + magic.length && magic.every((byte, i) => bytes[offset + i] === byte);
}

/** Which Office Open XML or OpenDocument file a zip is, from the member names in its first bytes. */
function zipKind(head: Uint8Array): Refused {
  const names = Buffer.from(head).toString("latin1");
  const office = (what: string, app: string) =>
    refused("other-format", `this is ${what}`, `open it in ${app}, save it as CSV UTF-8 and upload that instead`);
  if (names.includes("xl/")) return office("an Excel workbook (xlsx)", "Excel");
  if (names.includes("opendocument.spreadsheet")) return office("an OpenDocument spreadsheet (ods)", "LibreOffice");
  if (names.includes("word/")) return refused("other-format", "this is a Word document (docx)", EXPORT_AS_CSV);
  if (names.includes("ppt/")) return refused("other-format", "this is a PowerPoint presentation (pptx)", EXPORT_AS_CSV);
  return refused(
    "other-format",
    "this is a zip archive",
    "upload each file on its own, uncompressed or gzip-compressed",
  );
}

/** The refusal for a file whose first bytes say it is a format no contract allows, if they do. */
export function lookAlike(head: Uint8Array): Refused | undefined {
  if (ZIP_MAGICS.some((magic) => startsWith(head, magic))) return zipKind(head);
  const found = LOOK_ALIKES.find(({ magic, offset }) => startsWith(head, magic, offset));
  return found && refused("other-format", found.problem, found.fix);
}
