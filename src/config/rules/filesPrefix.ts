import { isScalar, type ParsedNode } from "yaml";
import type { DatasetRule } from "../dataset";
import { PREFIX_MAX, SUB_PREFIX, fileEntries, type FileEntryNodes } from "../fileContract";
import type { Issue } from "../issue";
import { asYaml, describe, message, quote } from "../message";

/**
 * The prefix a slip most likely meant: relative, segments of safe characters, no `.` or `..`,
 * ending in "/"; undefined when nothing of it is left.
 */
function mended(text: string): string | undefined {
  const segments = text
    .split("/")
    .filter((s) => s !== "" && s !== "." && s !== "..")
    .map((s) => s.replace(/[^A-Za-z0-9._-]/g, "_"));
  const joined = segments.join("/");
  return joined === "" ? undefined : `${joined.slice(0, PREFIX_MAX - 1)}/`;
}

/** What is wrong with a prefix's text, first thing first; undefined when it is a valid sub-prefix. */
function prefixProblem(text: string): string | undefined {
  if (text.startsWith("/")) return "a prefix is relative to the dataset's folder: it does not start with /";
  if (text.split("/").some((s) => s === "." || s === ".."))
    return "a prefix names folders, never . or .. (S3 keeps them as they are: they climb nowhere)";
  if (text.length > PREFIX_MAX) return `a prefix is at most ${PREFIX_MAX} characters`;
  if (!text.endsWith("/")) return 'a prefix is a folder: it ends with "/"';
  if (text.includes("//")) return "a prefix has no empty folder (//)";
  if (!SUB_PREFIX.test(text)) return "a prefix holds letters, digits, '.', '_' and '-', in folders ending with /";
  return undefined;
}

/**
 * Each `files:` entry's `prefix` is a sub-prefix of the dataset's folder, and at most one entry
 * applies to any key: no prefix is a prefix of another's, and an entry without one is alone.
 */
export const filesPrefix: DatasetRule = {
  id: "files-prefix",
  severity: "error",
  description: `A \`files\` entry's \`prefix\`, when given, is a folder under the dataset's own: relative (no leading \`/\`), ending with \`/\`, no \`.\`, \`..\` or empty folder, letters, digits, \`.\`, \`_\` and \`-\` only (S3's safe characters, less those shells read), at most ${PREFIX_MAX} characters. At most one entry applies to a file: no entry's prefix is a prefix of another's, and an entry without a prefix (the whole dataset) is the only entry.`,
  check(file) {
    const report = (at: ParsedNode | null, what: string, found: string, fix: string): Issue =>
      file.source.issueAt(at, this.id, "error", message(what, found, fix));
    const issues: Issue[] = [];
    const entries = fileEntries(file);
    const valid: { entry: FileEntryNodes; prefix: string; at: ParsedNode }[] = [];
    for (const entry of entries) {
      const node = entry.pair("prefix")?.value;
      if (node === undefined) continue;
      const text = isScalar(node) && typeof node.value === "string" ? node.value : undefined;
      const problem = text === undefined ? "a prefix is text, a folder ending with /" : prefixProblem(text);
      if (!problem) {
        valid.push({ entry, prefix: text ?? "", at: node ?? entry.map });
        continue;
      }
      const candidate = text === undefined ? undefined : mended(text);
      const fix = candidate ? `Write prefix: ${asYaml(candidate)}` : "Write a folder such as prefix: people/";
      issues.push(report(node, problem, text === undefined ? describe(node) : quote(text), `${fix}.`));
    }
    const whole = entries.filter((e) => e.pair("prefix") === undefined);
    if (whole.length > 0 && entries.length > 1)
      issues.push(
        report(
          whole[0]?.map ?? null,
          "an entry without a prefix covers the whole dataset, so it must be the only entry",
          `${entries.length} entries`,
          "Give each entry its own folder (prefix: people/), or keep this entry alone.",
        ),
      );
    for (const [i, b] of valid.entries())
      for (const a of valid.slice(0, i)) {
        if (!b.prefix.startsWith(a.prefix) && !a.prefix.startsWith(b.prefix)) continue;
        const what =
          a.prefix === b.prefix
            ? "two entries have the same prefix, so both would apply to one file"
            : "one entry's prefix lies inside another's, so both would apply to one file";
        issues.push(
          report(
            b.at,
            what,
            `${quote(b.prefix)} and ${quote(a.prefix)}`,
            a.prefix === b.prefix
              ? "Merge the two entries, or give each its own folder."
              : "Give each entry a folder of its own, side by side (people/ and places/, not people/ and people/2024/).",
          ),
        );
      }
    return issues;
  },
};
