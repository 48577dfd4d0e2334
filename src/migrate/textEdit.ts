/** A replacement of `text.slice(start, end)`, offsets into the original text. */
export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

/**
 * Applies edits that do not overlap, all located in the original text. Everything outside them
 * (comments, blank lines, key order, indentation) is kept byte for byte.
 */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => a.start - b.start);
  let out = "";
  let at = 0;
  for (const edit of sorted) {
    if (edit.start < at) throw new Error(`overlapping edits at offset ${edit.start}`);
    out += text.slice(at, edit.start) + edit.text;
    at = edit.end;
  }
  return out + text.slice(at);
}

/** Offset of the start of the line holding `offset`. */
export const lineStart = (text: string, offset: number) => text.lastIndexOf("\n", offset - 1) + 1;

/** Offset of the end of the line holding `offset`, before its line break. */
export const lineEnd = (text: string, offset: number) => {
  const end = text.indexOf("\n", offset);
  return end === -1 ? text.length : end;
};
