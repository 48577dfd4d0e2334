import { INVISIBLE_CHARACTER, characterName } from "../characters";
import type { Issue } from "../issue";
import { message } from "../message";
import type { SourceFile } from "../sourceFile";

/** More would only repeat the point; the first few show where to look. */
const MAX_REPORTED = 5;

/**
 * Characters nobody can see are named by code point where they are. A byte order mark at the very
 * start is harmless (editors write it) and only warned about; anywhere else an invisible
 * character changes a name, a bucket or an ARN without showing it, so it is an error.
 */
export function invisibleCharacters(source: SourceFile): Issue[] {
  const found = [...source.text.matchAll(INVISIBLE_CHARACTER)].slice(0, MAX_REPORTED);
  return found.map((match) => {
    const leadingMark = match.index === 0 && match[0] === "\uFEFF";
    const what = leadingMark
      ? "the file starts with a byte order mark, which this file does not need"
      : "the file holds a character that cannot be seen";
    const fix = leadingMark
      ? "Save the file as UTF-8 without a byte order mark."
      : "Delete it; where it stood for a space, type a plain space.";
    return source.issueAtOffset(
      match.index,
      "invisible-character",
      leadingMark ? "warning" : "error",
      message(what, characterName(match[0]), fix),
    );
  });
}
