import { lookAlike } from "./lookAlikes";

/**
 * Characters a reader cannot see, by name: they slip in from word processors and web pages, make
 * two equal-looking names differ, and can reorder what a reviewer reads (bidirectional controls).
 */
const INVISIBLE: Record<number, string> = {
  0x00a0: "NO-BREAK SPACE",
  0x00ad: "SOFT HYPHEN",
  0x034f: "COMBINING GRAPHEME JOINER",
  0x061c: "ARABIC LETTER MARK",
  0x115f: "HANGUL CHOSEONG FILLER",
  0x1160: "HANGUL JUNGSEONG FILLER",
  0x17b4: "KHMER VOWEL INHERENT AQ",
  0x17b5: "KHMER VOWEL INHERENT AA",
  0x180e: "MONGOLIAN VOWEL SEPARATOR",
  0x2000: "EN QUAD",
  0x2001: "EM QUAD",
  0x2002: "EN SPACE",
  0x2003: "EM SPACE",
  0x2004: "THREE-PER-EM SPACE",
  0x2005: "FOUR-PER-EM SPACE",
  0x2006: "SIX-PER-EM SPACE",
  0x2007: "FIGURE SPACE",
  0x2008: "PUNCTUATION SPACE",
  0x2009: "THIN SPACE",
  0x200a: "HAIR SPACE",
  0x200b: "ZERO WIDTH SPACE",
  0x200c: "ZERO WIDTH NON-JOINER",
  0x200d: "ZERO WIDTH JOINER",
  0x200e: "LEFT-TO-RIGHT MARK",
  0x200f: "RIGHT-TO-LEFT MARK",
  0x2028: "LINE SEPARATOR",
  0x2029: "PARAGRAPH SEPARATOR",
  0x202a: "LEFT-TO-RIGHT EMBEDDING",
  0x202b: "RIGHT-TO-LEFT EMBEDDING",
  0x202c: "POP DIRECTIONAL FORMATTING",
  0x202d: "LEFT-TO-RIGHT OVERRIDE",
  0x202e: "RIGHT-TO-LEFT OVERRIDE",
  0x202f: "NARROW NO-BREAK SPACE",
  0x205f: "MEDIUM MATHEMATICAL SPACE",
  0x2060: "WORD JOINER",
  0x2061: "FUNCTION APPLICATION",
  0x2062: "INVISIBLE TIMES",
  0x2063: "INVISIBLE SEPARATOR",
  0x2064: "INVISIBLE PLUS",
  0x2066: "LEFT-TO-RIGHT ISOLATE",
  0x2067: "RIGHT-TO-LEFT ISOLATE",
  0x2068: "FIRST STRONG ISOLATE",
  0x2069: "POP DIRECTIONAL ISOLATE",
  0x3000: "IDEOGRAPHIC SPACE",
  0x3164: "HANGUL FILLER",
  0xfeff: "BYTE ORDER MARK (ZERO WIDTH NO-BREAK SPACE)",
  0xffa0: "HALFWIDTH HANGUL FILLER",
};

/** Matches any character of INVISIBLE. */
export const INVISIBLE_CHARACTER = new RegExp(
  `[${Object.keys(INVISIBLE)
    .map((code) => `\\u{${Number(code).toString(16)}}`)
    .join("")}]`,
  "gu",
);

/** `U+00A0` for a character. */
function codePoint(c: string): string {
  return `U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}`;
}

/** A character as a message names it: invisible ones by code point and name, visible ones quoted too. */
export function characterName(c: string): string {
  const code = codePoint(c);
  const name = INVISIBLE[c.codePointAt(0) ?? 0];
  if (name) return `an invisible ${code} ${name}`;
  if (c === " ") return `a space (${code})`;
  const alike = lookAlike(c);
  if (alike) return `'${c}' (${code} ${alike.name}, which looks like '${alike.latin}')`;
  if (/^[\p{L}\p{N}\p{P}\p{S}]$/u.test(c)) return `'${c}' (${code})`;
  return code;
}
