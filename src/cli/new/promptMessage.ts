import type { Issue } from "../../config/issue";

/** A YAML value as a person types it at a prompt: without the quotes YAML needs. */
function typed(value: string): string {
  // A flow list, [a, b], is typed as its items.
  if (/^\[.*\]$/.test(value))
    return value
      .slice(1, -1)
      .split(/\s*,\s*/)
      .join(" ");
  if (!value.startsWith('"')) return value;
  try {
    return String(JSON.parse(value));
  } catch {
    return value;
  }
}

const QUOTED_OR_BARE = '("(?:[^"\\\\]|\\\\.)*"|\\[[^\\]]*\\]|[^\\s,]+?)(?=[.,]?(?:\\s|$))';

/**
 * A rule's message as said at a prompt of `exports new`: its fix names the answer to type, not
 * the line of YAML to write (`Write bucket: x` becomes `Type x`), and it never refers to the
 * file, which does not exist yet.
 */
export function atPrompt(issue: Issue, key: string): string {
  return issue.message
    .replace(new RegExp(`\\bWrite (?:[\\w ]+: )?${key}: ${QUOTED_OR_BARE}`, "g"), (_, v: string) => `Type ${typed(v)}`)
    .replace(new RegExp(`\\b(?:Quote it: )?${key}: ${QUOTED_OR_BARE}`, "g"), (_, v: string) => typed(v))
    .replace(/\bWrite ("(?:[^"\\]|\\.)*")(?=\.)/g, (_, v: string) => `Type ${typed(v)}`)
    .replace(/\b([Ww])rite\b/g, (_, w: string) => (w === "W" ? "Type" : "type"))
    .replace(new RegExp(`,? or remove ${key}\\b`, "g"), ", or press Enter to leave it out")
    .replaceAll(issue.file, "the new file");
}
