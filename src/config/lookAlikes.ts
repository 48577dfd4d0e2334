/**
 * Letters of other scripts that look like ASCII letters, by name, with the letter they pass for:
 * the Cyrillic and Greek ones a keyboard layout or a copied text slips into a name. Unicode's
 * confusables list (UTS #39) has thousands; these are the ones that look the same in the fonts
 * a terminal or GitHub uses.
 */
const LOOK_ALIKES: Record<string, [latin: string, name: string]> = {
  "\u0430": ["a", "CYRILLIC SMALL LETTER A"],
  "\u0435": ["e", "CYRILLIC SMALL LETTER IE"],
  "\u043e": ["o", "CYRILLIC SMALL LETTER O"],
  "\u0440": ["p", "CYRILLIC SMALL LETTER ER"],
  "\u0441": ["c", "CYRILLIC SMALL LETTER ES"],
  "\u0443": ["y", "CYRILLIC SMALL LETTER U"],
  "\u0445": ["x", "CYRILLIC SMALL LETTER HA"],
  "\u0456": ["i", "CYRILLIC SMALL LETTER BYELORUSSIAN-UKRAINIAN I"],
  "\u0458": ["j", "CYRILLIC SMALL LETTER JE"],
  "\u0455": ["s", "CYRILLIC SMALL LETTER DZE"],
  "\u0501": ["d", "CYRILLIC SMALL LETTER KOMI DE"],
  "\u04bb": ["h", "CYRILLIC SMALL LETTER SHHA"],
  "\u051b": ["q", "CYRILLIC SMALL LETTER QA"],
  "\u051d": ["w", "CYRILLIC SMALL LETTER WE"],
  "\u0410": ["A", "CYRILLIC CAPITAL LETTER A"],
  "\u0412": ["B", "CYRILLIC CAPITAL LETTER VE"],
  "\u0415": ["E", "CYRILLIC CAPITAL LETTER IE"],
  "\u041a": ["K", "CYRILLIC CAPITAL LETTER KA"],
  "\u041c": ["M", "CYRILLIC CAPITAL LETTER EM"],
  "\u041d": ["H", "CYRILLIC CAPITAL LETTER EN"],
  "\u041e": ["O", "CYRILLIC CAPITAL LETTER O"],
  "\u0420": ["P", "CYRILLIC CAPITAL LETTER ER"],
  "\u0421": ["C", "CYRILLIC CAPITAL LETTER ES"],
  "\u0422": ["T", "CYRILLIC CAPITAL LETTER TE"],
  "\u0425": ["X", "CYRILLIC CAPITAL LETTER HA"],
  "\u03bf": ["o", "GREEK SMALL LETTER OMICRON"],
  "\u03b1": ["a", "GREEK SMALL LETTER ALPHA"],
  "\u03b9": ["i", "GREEK SMALL LETTER IOTA"],
  "\u03bd": ["v", "GREEK SMALL LETTER NU"],
  "\u03c1": ["p", "GREEK SMALL LETTER RHO"],
  "\u03c5": ["u", "GREEK SMALL LETTER UPSILON"],
  "\u0391": ["A", "GREEK CAPITAL LETTER ALPHA"],
  "\u0392": ["B", "GREEK CAPITAL LETTER BETA"],
  "\u0395": ["E", "GREEK CAPITAL LETTER EPSILON"],
  "\u0397": ["H", "GREEK CAPITAL LETTER ETA"],
  "\u0399": ["I", "GREEK CAPITAL LETTER IOTA"],
  "\u039a": ["K", "GREEK CAPITAL LETTER KAPPA"],
  "\u039c": ["M", "GREEK CAPITAL LETTER MU"],
  "\u039d": ["N", "GREEK CAPITAL LETTER NU"],
  "\u039f": ["O", "GREEK CAPITAL LETTER OMICRON"],
  "\u03a1": ["P", "GREEK CAPITAL LETTER RHO"],
  "\u03a4": ["T", "GREEK CAPITAL LETTER TAU"],
  "\u03a7": ["X", "GREEK CAPITAL LETTER CHI"],
};

const ANY = new RegExp(`[${Object.keys(LOOK_ALIKES).join("")}]`, "gu");
/** The same, without the g flag: a test that keeps no position between calls. */
const SOME = new RegExp(ANY.source, "u");

/** The ASCII letter `c` passes for, with its Unicode name, when it is a look-alike. */
export function lookAlike(c: string): { latin: string; name: string } | undefined {
  const found = LOOK_ALIKES[c];
  return found ? { latin: found[0], name: found[1] } : undefined;
}

/** `text` with every look-alike letter made the ASCII letter it passes for. */
export function withoutLookAlikes(text: string): string {
  return text.replace(ANY, (c) => LOOK_ALIKES[c]?.[0] ?? c);
}

const ordinal = (n: number) =>
  `${n}${n % 10 === 1 && n !== 11 ? "st" : n % 10 === 2 && n !== 12 ? "nd" : n % 10 === 3 && n !== 13 ? "rd" : "th"}`;

/**
 * Where `text` holds its first look-alike letter, said for a reader: "the 2nd character is 'а'
 * (U+0430 CYRILLIC SMALL LETTER A), which looks like 'a'". Undefined when it holds none.
 */
export function firstLookAlike(text: string): string | undefined {
  // Nearly every value holds none: answer without splitting it into characters.
  if (!SOME.test(text)) return undefined;
  const chars = [...text];
  const at = chars.findIndex((c) => LOOK_ALIKES[c]);
  const c = chars[at];
  const found = c === undefined ? undefined : lookAlike(c);
  if (!c || !found) return undefined;
  const code = `U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}`;
  return `the ${ordinal(at + 1)} character is '${c}' (${code} ${found.name}), which looks like '${found.latin}'`;
}
