/**
 * Escaping for every user-supplied string that reaches a reader: the terminal, GitHub annotations,
 * the Markdown pull-request comment and its Mermaid diagram. Dataset files, file names, branch and
 * ref names are untrusted; these functions are the one place that makes them safe to show.
 */

// Controls (C0, DEL, C1), format characters (bidirectional overrides and isolates, zero-width
// characters, the byte order mark, soft hyphen), lone surrogates and the line/paragraph separators:
// each can reorder, hide or forge what a reader sees (CVE-2021-42574, "Trojan Source").
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}]/gu;
// A lone carriage return would let text overwrite its own line in a terminal; CR LF is a line break.
const INVISIBLE_BUT_NEWLINE = /(?!\n|\r\n)[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}]/gu;

const codePoint = (c: string) => `<U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}>`;

/** The text with every invisible or reordering character shown by its code point, e.g. `<U+202E>`. */
export function visible(text: string): string {
  return text.replace(INVISIBLE, codePoint);
}

// What JSON.stringify leaves raw that can drive or reorder a terminal: DEL, C1 controls (U+009B is
// CSI), format and bidirectional characters, line and paragraph separators. It escapes C0 itself,
// so the C0 characters left in its output are its own layout (newlines), never text.
const RAW_IN_JSON = /[\u007f-\u009f\p{Cf}\p{Zl}\p{Zp}]/gu;
const jsonEscape = (c: string) =>
  Array.from({ length: c.length }, (_, i) => `\\u${c.charCodeAt(i).toString(16).padStart(4, "0")}`).join("");

/**
 * JSON of `value` (two-space indent) for a terminal or a file: those characters are written as
 * `\uXXXX` escapes, so it parses back to the very same value (exact), and shows nothing hidden.
 */
export function inertJson(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(RAW_IN_JSON, jsonEscape);
}

/** Like `visible`, but keeps line breaks (LF, CR LF): for multi-line messages of our own that quote user text. */
export function visibleLines(text: string): string {
  return text.replace(INVISIBLE_BUT_NEWLINE, codePoint);
}

/**
 * The message of a GitHub workflow command (`::error …::<message>`): `%`, CR and LF are
 * percent-encoded as the runner decodes them, so a message can neither end its line and start a
 * command of its own nor be decoded into one. Invisible characters are shown by code point.
 * The runner's own encoding: actions/toolkit, packages/core/src/command.ts (escapeData, escapeProperty).
 */
export function annotationData(text: string): string {
  return percentEncoded(visibleLines(text));
}

/**
 * A property value of a workflow command (`file=…,title=…`): as data, and `:` and `,` too, which
 * end a value. Other characters are kept, so a file name still matches the pull request's diff.
 */
export function annotationProperty(text: string): string {
  return percentEncoded(text).replaceAll(":", "%3A").replaceAll(",", "%2C");
}

const percentEncoded = (text: string) => text.replaceAll("%", "%25").replaceAll("\r", "%0D").replaceAll("\n", "%0A");

/** One line of text: runs of line breaks and tabs become one space, so text cannot start a new block. */
const oneLine = (text: string) => text.replace(/[\r\n\t]+/g, " ");

/**
 * Text for Markdown, shown literally: every ASCII punctuation character is backslash-escaped (which
 * CommonMark allows for exactly that set), so no emphasis, link, HTML tag, comment, entity, code
 * span or fence can start inside it; line breaks become spaces, so it cannot open a block.
 */
export function markdownText(text: string): string {
  return visible(oneLine(text)).replace(/[!-/:-@[-`{-~]/g, "\\$&");
}

/** Inline code holding `text` literally, whatever backticks it contains. */
export function markdownCode(text: string): string {
  const shown = visible(oneLine(text));
  const longest = Math.max(0, ...[...shown.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = "`".repeat(longest + 1);
  // CommonMark strips one space at each end when both are there: padding keeps edge backticks apart.
  const pad = /^[` ]|[` ]$/.test(shown) ? " " : "";
  return `${fence}${pad}${shown}${pad}${fence}`;
}

const MAX_CELL = 200;

/**
 * Text from a dataset file or from AWS as an inert table cell: a code span (so links, mentions,
 * HTML and invisible characters do nothing), cut at 200 characters, with `|` escaped, which
 * GitHub's tables split cells on before anything else, code spans included.
 */
export function markdownCell(text: string): string {
  const shown = text.length > MAX_CELL ? `${text.slice(0, MAX_CELL)}…` : text;
  return markdownCode(shown).replaceAll("|", "\\|");
}

/** A link when `url` is a plain https URL that can be an autolink as it is, else the text shown literally. */
export function markdownLink(url: string): string {
  // An autolink holds no space, control character, < or >; anything else is shown as text.
  return /^https:\/\/[^\s<>\p{C}\\`]+$/u.test(url) ? `<${url}>` : markdownText(url);
}

// A URL ends before whitespace, brackets or quotes, and before punctuation that ends a sentence;
// a pair of parentheses inside it is its own (`DPIA_(final).docx`), as GitHub's autolinks read it.
const URL_IN_TEXT =
  /(https:\/\/(?:[^\s<>()[\]{}"'`\\]|\([^\s<>()[\]{}"'`\\]*\))*(?:[^\s<>()[\]{}"'`\\.,;:!?]|\([^\s<>()[\]{}"'`\\]*\)))/u;

/**
 * Free text shown literally, except that each https URL inside it stays a clickable link (as in
 * `Data movement form (https://example.org/forms/12)`): reviewers open the paperwork from here.
 */
export function markdownTextWithLinks(text: string): string {
  return oneLine(text)
    .split(URL_IN_TEXT)
    .map((part, i) => (i % 2 === 1 ? markdownLink(part) : markdownText(part)))
    .join("");
}

/**
 * A fenced code block of `lines`: the fence is longer than any backtick run inside, so no line can
 * close it early, and invisible characters are shown.
 */
export function codeBlock(info: string, lines: readonly string[]): string[] {
  const shown = lines.map(visible);
  const longest = Math.max(0, ...shown.flatMap((l) => [...l.matchAll(/`+/g)].map((m) => m[0].length)));
  const fence = "`".repeat(Math.max(3, longest + 1));
  return [`${fence}${info}`, ...shown, fence];
}

/**
 * A quoted Mermaid label: everything but letters, digits and a few safe punctuation marks is written
 * as a Mermaid entity code (`#60;`), so no label can close its quotes, start a new statement or
 * carry markup into the rendered diagram.
 */
export function mermaidLabel(text: string): string {
  const safe = [...visible(oneLine(text))]
    .map((c) => (/[A-Za-z0-9 _\-./:@,=+]/.test(c) ? c : `#${c.codePointAt(0) ?? 0};`))
    .join("");
  return `"${safe}"`;
}
