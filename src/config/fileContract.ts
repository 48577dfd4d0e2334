import { isMap, isScalar, isSeq, type Pair, type ParsedNode, type YAMLMap } from "yaml";
import { valueNode, type DatasetFile } from "./dataset";

/**
 * The facts of a push dataset's `files:` key (its data contract, decision 0016), shared by the
 * schema, the `files-*` rules and `exports new`: the limits, the size units, and a walk over the
 * entries that every rule reads the same way.
 */

/** The keys one `files:` entry may hold, in the order the guide lists them. */
export const FILE_ENTRY_KEYS = ["prefix", "formats", "max_size", "columns"] as const;

/**
 * At most this many entries a dataset. Each is one extract of the agreement; an agreement naming
 * more extracts is better split into datasets a reviewer can take in.
 */
export const FILE_ENTRIES_MAX = 20;

/** At most this many columns an entry: wide extracts exist, a thousand is already unusual. */
export const COLUMNS_MAX = 1000;

/** A column name's most characters: AWS Glue's and Athena's limit for a column name. */
export const COLUMN_NAME_MAX = 255;

/**
 * The column names of one dataset's contract, together, in UTF-8 bytes. Every route is bundled
 * into the mover's code as routes.json: 1,000 push datasets (DESIGN.md §5's scale) at 64 KiB each
 * stay far within Lambda's 250 MB for a function's unzipped code ("Lambda quotas",
 * https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html), and every cold start
 * parses them.
 */
export const CONTRACT_COLUMN_BYTES_MAX = 64 * 1024;

/** A sub-prefix's most characters: S3 keys are at most 1,024 bytes, and the file's own name needs room. */
export const PREFIX_MAX = 256;

/**
 * The largest max_size: the largest object the mover copies, S3's largest, 50,000 GiB (10,000
 * parts of at most 5 GiB, src/mover/parts.ts MAX_OBJECT; "Amazon S3 multipart upload limits",
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/qfacts.html, which rounds it to 48.8 TiB;
 * it said 5 TiB before). A test holds the two equal.
 */
export const MAX_SIZE_LIMIT = 50_000 * 1024 ** 3;

/** MAX_SIZE_LIMIT as max_size takes it, exactly (48.8 TiB, as AWS writes it, is a little less). */
export const MAX_SIZE_TEXT = "50000 GiB";

/**
 * The units of max_size, case as written: decimal (KB = 1,000 bytes, as S3's console and most
 * tools say) and binary (KiB = 1,024). Case matters: Mb is megabits to many readers.
 */
export const SIZE_UNITS: Readonly<Record<string, number>> = {
  B: 1,
  KB: 1000,
  MB: 1000 ** 2,
  GB: 1000 ** 3,
  TB: 1000 ** 4,
  KiB: 1024,
  MiB: 1024 ** 2,
  GiB: 1024 ** 3,
  TiB: 1024 ** 4,
};

/** A size as max_size takes it: a number (decimals allowed), an optional space, a unit. */
export const SIZE_TEXT = new RegExp(`^(\\d+(?:\\.\\d+)?) ?(${Object.keys(SIZE_UNITS).join("|")})$`);

/** The bytes a max_size text says (rounded down to whole bytes), or undefined when it is not one. */
export function sizeBytes(text: string): number | undefined {
  const parts = SIZE_TEXT.exec(text);
  if (!parts) return undefined;
  return Math.floor(Number(parts[1]) * (SIZE_UNITS[parts[2] ?? ""] ?? 0));
}

/** A byte count as max_size can say it exactly: the largest decimal unit that divides it, else bytes. */
export function sizeText(bytes: number): string {
  for (const unit of ["TB", "GB", "MB", "KB"])
    if (bytes % (SIZE_UNITS[unit] ?? 1) === 0) return `${bytes / (SIZE_UNITS[unit] ?? 1)} ${unit}`;
  for (const unit of ["TiB", "GiB", "MiB", "KiB"])
    if (bytes % (SIZE_UNITS[unit] ?? 1) === 0) return `${bytes / (SIZE_UNITS[unit] ?? 1)} ${unit}`;
  return `${bytes} B`;
}

/**
 * S3's "safe characters" for keys, less `! * ' ( )`, which shells and wildcards read: letters,
 * digits, `.`, `_`, `-`, in segments each ending with `/` ("Naming Amazon S3 objects",
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-keys.html).
 */
export const SUB_PREFIX = /^(?:(?!\.{1,2}\/)[A-Za-z0-9._-]+\/)+$/;

/**
 * Characters a column name may not hold: controls (C0, DEL, C1), format characters (bidirectional
 * overrides, zero-width characters), lone surrogates, line and paragraph separators. Names reach
 * terminals and the plan's Markdown; these could rewrite or hide what a reviewer reads.
 */
export const UNSAFE_IN_NAME = /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}]/u;

/** One `files:` entry as the rules read it: its mapping, and each key's pair when present. */
export interface FileEntryNodes {
  readonly map: YAMLMap.Parsed<ParsedNode, ParsedNode | null>;
  readonly pair: (key: (typeof FILE_ENTRY_KEYS)[number]) => Pair<ParsedNode, ParsedNode | null> | undefined;
}

/** The entries of `files:` that are mappings (files-entries reports the rest); none for a pull file. */
export function fileEntries(file: DatasetFile): FileEntryNodes[] {
  if (file.kind !== "push") return [];
  const node = valueNode(file, "files");
  if (!isSeq(node)) return [];
  return node.items.flatMap((item) =>
    isMap(item) ? [{ map: item, pair: (key) => item.items.find((p) => isScalar(p.key) && p.key.value === key) }] : [],
  );
}

/** The value of `key` in each entry that has it (null where it is written without a value). */
export function entryValues(file: DatasetFile, key: (typeof FILE_ENTRY_KEYS)[number]): (ParsedNode | null)[] {
  return fileEntries(file).flatMap((entry) => {
    const pair = entry.pair(key);
    return pair ? [pair.value] : [];
  });
}

/** The UTF-8 length of a text. */
export const utf8Bytes = (text: string) => Buffer.byteLength(text, "utf8");
