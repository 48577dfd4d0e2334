import type { Issue } from "../../config/issue";
import { flagOf } from "./flags";

/** A YAML value as the items a person gives: without the quotes YAML needs, a flow list as its items. */
function items(value: string): string[] {
  if (/^\[.*\]$/.test(value)) return value.slice(1, -1).split(/\s*,\s*/);
  if (!value.startsWith('"')) return [value];
  try {
    return [String(JSON.parse(value))];
  } catch {
    return [value];
  }
}

/** A word as a POSIX shell takes it: quoted when it holds anything the shell would read. */
function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

/** How a fix is said where the answer is given: at a prompt of `exports new`, or as its flag. */
interface Context {
  /** The value(s) as given there: `x` at a prompt, `--bucket x` as a flag. */
  give: (values: string[]) => string;
  /** The verb before a value given ("Type x", "Pass --bucket x"). */
  verb: string;
  /** What replaces "Write" before words that describe the value ("Write an address …"). */
  describedVerb: string;
  /** What replaces "or remove <key>". */
  leaveOut: string;
}

const QUOTED_OR_BARE = '("(?:[^"\\\\]|\\\\.)*"|\\[[^\\]]*\\]|[^\\s,]+?)(?=[.,]?(?:\\s|$))';

/** `verb` with the case of the "W" of the "Write" it replaces. */
const cased = (w: string, verb: string) => (w === "W" ? verb : verb.toLowerCase());

/** A rule's message said in context `c`: its fix is never a line of YAML, and never names the unwritten file. */
function said(issue: Issue, key: string, c: Context): string {
  const give = (w: string, v: string) => `${cased(w, c.verb)} ${c.give(items(v))}`;
  return (
    issue.message
      .replace(new RegExp(`\\b([Ww])rite (?:[\\w ]+: )?${key}: ${QUOTED_OR_BARE}`, "g"), (_, w: string, v: string) =>
        give(w, v),
      )
      .replace(new RegExp(`\\b(?:Quote it: )?${key}: ${QUOTED_OR_BARE}`, "g"), (_, v: string) => c.give(items(v)))
      .replace(/\b([Ww])rite ("(?:[^"\\]|\\.)*")(?=\.)/g, (_, w: string, v: string) => give(w, v))
      .replace(/\b([Ww])rite it\b/g, (_, w: string) => `${cased(w, c.verb)} it`)
      .replace(/\b([Ww])rite\b/g, (_, w: string) => cased(w, c.describedVerb))
      // A list entry given twice: at a prompt or on the command line there is no line to remove.
      .replace(/\bRemove this line\b/g, `${c.verb} it once`)
      .replace(new RegExp(`,? or remove ${key}\\b`, "g"), c.leaveOut)
      .replaceAll(issue.file, "the new file")
  );
}

/**
 * A rule's message as said at a prompt of `exports new`: its fix names the answer to type, not
 * the line of YAML to write (`Write bucket: x` becomes `Type x`), and it never refers to the
 * file, which does not exist yet.
 */
export function atPrompt(issue: Issue, key: string): string {
  return said(issue, key, {
    give: (values) => values.join(" "),
    verb: "Type",
    describedVerb: "Type",
    leaveOut: ", or press Enter to leave it out",
  });
}

/**
 * A rule's message about a value given as a flag of `exports new`, located at that flag: its fix
 * names the flag to pass (`Write bucket: x` becomes `Pass --bucket x`), quoted for the shell.
 */
export function atFlag(issue: Issue, key: string): string {
  const flag = flagOf(key);
  const message = said(issue, key, {
    give: (values) => `${flag} ${values.map(shellWord).join(" ")}`,
    verb: "Pass",
    describedVerb: `Pass ${flag}`,
    leaveOut: `, or leave out ${flag}`,
  });
  return `exports new ${flag}: ${message}`;
}
