import { INVISIBLE_CHARACTER, characterName } from "../characters";
import type { DatasetRule } from "../dataset";
import { message, quote } from "../message";
import { paperworkEntries } from "./paperwork";

/** Schemes that run code or open something other than a web page when a reviewer follows the link. */
const NOT_A_DOCUMENT = new Set(["javascript", "vbscript", "data", "file"]);

/**
 * The scheme a browser would read at the start of `text`, lower case, when it is not http(s) and
 * is one that makes it a link to something other than a web document; else undefined. Browsers
 * drop leading spaces and controls and every tab and line break before reading a scheme
 * (WHATWG URL Standard), so `java\tscript:` counts too. A reference such as `DPIA:5468` has no
 * `//` and no such scheme, and stays plain text.
 */
export function linkSchemeProblem(text: string): string | undefined {
  const url = text.replace(/[\t\n\r]/g, "").replace(/^[\p{Cc} ]+/u, "");
  const match = /^([A-Za-z][A-Za-z0-9+.-]*):(\/\/)?/.exec(url);
  const scheme = match?.[1]?.toLowerCase();
  if (scheme === undefined || scheme === "http" || scheme === "https") return undefined;
  return NOT_A_DOCUMENT.has(scheme) || match?.[2] ? scheme : undefined;
}

/** Built once, not per entry; without the g flag, exec keeps no position between calls. */
const HIDDEN_CHARACTER = new RegExp(`(?![\\t\\n])\\p{Cc}|${INVISIBLE_CHARACTER.source}`, "u");

/**
 * A control or invisible character in `text` other than a line break or tab, which YAML's escapes
 * (`"\e"`, `"\u202E"`) put in a value that the file's raw text (invisible-character) never shows.
 */
const hiddenCharacter = (text: string) => HIDDEN_CHARACTER.exec(text)?.[0];

/**
 * Paperwork reaches the plan comment and the terminal, where reviewers read and follow it: each
 * entry is an http(s) link or a plain reference, never a `javascript:`, `data:`, `vbscript:`,
 * `file:` or other non-web link, and holds no character that would hide or rewrite text.
 */
export const paperworkLink: DatasetRule = {
  id: "paperwork-link",
  severity: "error",
  description:
    'Each paperwork entry is an `http(s)://` link or a plain reference. It reaches the plan comment, where reviewers follow it, so a `javascript:`, `vbscript:`, `data:` or `file:` link, or any other `<scheme>://` one (`ftp://`, `smb://`), is refused, however it is spelt (`" JaVa\\tScript:"`, as a browser reads it). A reference with a colon, `DPIA:5468`, is plain text. No entry holds a control or invisible character (a terminal escape or bidirectional override written with YAML\'s `"\\e"` or `"\\u202E"`, which the file\'s raw text does not show): line breaks and tabs are allowed.',
  check(file) {
    return paperworkEntries(file).flatMap(({ node, text }) => {
      const hidden = hiddenCharacter(text);
      if (hidden !== undefined) {
        const what = `paperwork holds ${characterName(hidden)}, which would hide or rewrite the text a reviewer reads`;
        const fix = "Write the reference as plain text, without escapes such as \\e or \\u202E.";
        return [file.source.issueAt(node, this.id, "error", message(what, quote(text), fix))];
      }
      const scheme = linkSchemeProblem(text);
      if (scheme === undefined) return [];
      const what = `paperwork is an http(s) link or a plain reference; a ${scheme}: link is not a document a reviewer can safely open`;
      const fix = "Write the document's https:// address, or its reference as plain text (DPIA reference no. 5468).";
      return [file.source.issueAt(node, this.id, "error", message(what, quote(text), fix))];
    });
  },
};
