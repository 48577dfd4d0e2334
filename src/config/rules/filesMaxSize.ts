import { isScalar, type ParsedNode } from "yaml";
import type { DatasetRule } from "../dataset";
import {
  MAX_SIZE_LIMIT,
  MAX_SIZE_TEXT,
  SIZE_TEXT,
  SIZE_UNITS,
  entryValues,
  sizeBytes,
  sizeText,
} from "../fileContract";
import type { Issue } from "../issue";
import { describe, message, quote } from "../message";

const UNITS = Object.keys(SIZE_UNITS).join(", ");

/** What a size text most likely meant, when only its unit's case or spelling is off. */
function mendedSize(text: string): string | undefined {
  const parts = /^(\d+(?:\.\d+)?)\s*([A-Za-z]+)$/.exec(text.trim());
  if (!parts) return undefined;
  const [, number = "", unit = ""] = parts;
  const lower = unit.toLowerCase().replace(/s$/, "");
  const found =
    Object.keys(SIZE_UNITS).find((u) => u.toLowerCase() === lower) ??
    { byte: "B", k: "KB", m: "MB", g: "GB", t: "TB", kilobyte: "KB", megabyte: "MB", gigabyte: "GB", terabyte: "TB" }[
      lower
    ];
  return found ? `${number} ${found}` : undefined;
}

/** Each `files:` entry's `max_size` is a size with its unit, at most what S3 lets the mover copy. */
export const filesMaxSize: DatasetRule = {
  id: "files-max-size",
  severity: "error",
  description: `A \`files\` entry's \`max_size\`, when given, is a number and a unit (\`500 MB\`, \`1.5 GiB\`; units ${UNITS}, as written: KB is 1,000 bytes, KiB 1,024), at least 1 byte and at most ${MAX_SIZE_TEXT} (about 48.8 TiB), the largest object the mover copies (S3's multipart limits: 10,000 parts of 5 GiB). A larger file is held.`,
  check(file) {
    const issues: Issue[] = [];
    const report = (at: ParsedNode | null, what: string, found: string, fix: string) =>
      issues.push(file.source.issueAt(at, this.id, "error", message(what, found, fix)));
    for (const node of entryValues(file, "max_size")) {
      const value = isScalar(node) ? node.value : undefined;
      if (typeof value === "number" && Number.isInteger(value) && value > 0 && value <= MAX_SIZE_LIMIT) {
        report(node, "max_size says its unit", describe(node), `Write max_size: "${sizeText(value)}".`);
        continue;
      }
      if (typeof value !== "string") {
        report(node, `max_size is a size with its unit (${UNITS})`, describe(node), 'Write it as max_size: "500 MB".');
        continue;
      }
      const bytes = sizeBytes(value);
      if (bytes === undefined) {
        const mended = SIZE_TEXT.test(value) ? undefined : mendedSize(value);
        const fix =
          mended && sizeBytes(mended) !== undefined ? `Write max_size: "${mended}"` : 'Write it as max_size: "500 MB"';
        report(node, `max_size is a number and a unit, one of ${UNITS}`, quote(value), `${fix}.`);
      } else if (bytes < 1)
        report(
          node,
          "max_size is at least 1 byte",
          quote(value),
          'Write a size such as max_size: "500 MB", or leave max_size out.',
        );
      else if (bytes > MAX_SIZE_LIMIT)
        report(
          node,
          `max_size is at most ${MAX_SIZE_TEXT} (about 48.8 TiB), the largest object the mover copies`,
          quote(value),
          `Write max_size: "${MAX_SIZE_TEXT}", or leave max_size out.`,
        );
    }
    return issues;
  },
};
