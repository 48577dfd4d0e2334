import type { RuleMeta } from "../ruleMeta";
import { INVISIBLE_CHARACTER, characterName } from "../characters";
import type { Issue } from "../issue";
import { message } from "../message";
import type { SourceFile } from "../sourceFile";

/** The rule `invisible-character`: its id and its row of docs/rules.md. */
export const INVISIBLE_CHARACTER_RULE: RuleMeta = {
  id: "invisible-character",
  severity: "error",
  description:
    "No character that cannot be seen: no-break space, zero-width space, a byte order mark inside the text, soft hyphen, bidirectional controls and the like. Each is named by code point and name (`U+00A0 NO-BREAK SPACE`) where it stands, since it would change a name, bucket or ARN without showing, or reorder what a reviewer reads. A byte order mark at the very start of a file is accepted.",
};

/** More would only repeat the point; the first few show where to look. */
const MAX_REPORTED = 5;

// Every character of INVISIBLE_CHARACTER is beyond ASCII (a test checks it).
// eslint-disable-next-line no-control-regex
const BEYOND_ASCII = /[^\u0000-\u007F]/;

/**
 * Characters nobody can see are errors, named by code point where they are: they change a name,
 * a bucket or an ARN without showing it, or reorder what a reviewer reads. A byte order mark at
 * the very start is the one exception: editors write it, and it is not part of the text.
 */
export function invisibleCharacters(source: SourceFile): Issue[] {
  // Every invisible character is beyond ASCII, and most files hold none: one quick scan answers them.
  if (!BEYOND_ASCII.test(source.text)) return [];
  const found = [...source.text.matchAll(INVISIBLE_CHARACTER)].filter((m) => !(m.index === 0 && m[0] === "\uFEFF"));
  return found
    .slice(0, MAX_REPORTED)
    .map((match) =>
      source.issueAtOffset(
        match.index,
        INVISIBLE_CHARACTER_RULE.id,
        "error",
        message(
          "the file holds a character that cannot be seen",
          characterName(match[0]),
          "Delete it; where it stood for a space, type a plain space.",
        ),
      ),
    );
}
