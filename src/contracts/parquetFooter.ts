import { parquetMetadata, parquetSchema, type SchemaElement } from "hyparquet";
import { formatBytes, PARQUET_FOOTER_LIMIT } from "./limits";
import { refused, type Refused } from "./inspection";
import { PARQUET_MAGIC, startsWith } from "./magicNumbers";
import type { RangeRead } from "./rangeRead";
import { hex } from "./textFormat";

/** A Parquet file's top-level columns and their types, from its footer. */
export interface ParquetColumns {
  readonly columns: string[];
  readonly types: string[];
}

const ENCRYPTED_FOOTER = [..."PARE"].map((c) => c.charCodeAt(0));
const REUPLOAD = "upload the whole file again: it may have been cut short while uploading";

/** The type a contract can name: the logical type if any, else the physical one; a group without one is a STRUCT. */
function typeName(element: SchemaElement): string {
  return element.logical_type?.type ?? element.converted_type ?? element.type ?? "STRUCT";
}

/**
 * Reads a Parquet file's schema the way the format lays it out
 * (https://parquet.apache.org/docs/file-format/): the file ends with the footer (Thrift
 * FileMetaData), its length as 4 bytes little-endian, and "PAR1". So: one read of the last 8
 * bytes, one of the footer, whatever the file's size. The columns are the schema root's children:
 * the top-level fields, as a table has them; a struct, list or map is one column.
 */
export async function parquetColumns(read: RangeRead, size: number): Promise<ParquetColumns | Refused> {
  if (size < 12)
    return refused(
      "unreadable",
      `the file starts like Parquet but is only ${size} bytes long, too short to hold a footer`,
      REUPLOAD,
    );
  const tail = await read(size - 8, size - 1);
  if (startsWith(tail, ENCRYPTED_FOOTER, 4))
    return refused(
      "unreadable",
      "this Parquet file's footer is encrypted, so its columns cannot be checked",
      "write it with a plaintext footer and upload it again",
    );
  if (!startsWith(tail, PARQUET_MAGIC, 4))
    return refused(
      "unreadable",
      `the file ends before its Parquet footer (its last bytes are ${hex(tail.subarray(4))}, not "PAR1")`,
      REUPLOAD,
    );
  const length = new DataView(tail.buffer, tail.byteOffset, tail.byteLength).getUint32(0, true);
  if (length > size - 12)
    return refused(
      "unreadable",
      `the Parquet footer claims ${formatBytes(length)}, more than the file's ${formatBytes(size)} can hold`,
      REUPLOAD,
    );
  if (length > PARQUET_FOOTER_LIMIT)
    return refused(
      "unreadable",
      `the Parquet footer is ${formatBytes(length)}, more than the ${formatBytes(PARQUET_FOOTER_LIMIT)} the check reads`,
      "write the file with fewer row groups (larger ones) or split it into several files, and upload them again",
    );
  const footer = new Uint8Array(length + 8);
  footer.set(await read(size - 8 - length, size - 9));
  footer.set(tail, length);
  try {
    const root = parquetSchema(parquetMetadata(footer));
    return { columns: root.children.map((c) => c.element.name), types: root.children.map((c) => typeName(c.element)) };
  } catch (error) {
    return refused("unreadable", `the Parquet footer cannot be read (${(error as Error).message})`, REUPLOAD);
  }
}
