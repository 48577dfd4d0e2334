import { isScalar, isSeq, type ParsedNode, type YAMLMap, type YAMLSeq } from "yaml";
import type { Issue } from "../config/issue";
import { message, quote } from "../config/message";
import { parseMapping } from "../config/parseMapping";
import { SourceFile } from "../config/sourceFile";
import { applyEdits, lineEnd, lineStart, type TextEdit } from "./textEdit";

/** A user's entry in a dataset file's `users`, 1-based. */
export interface UserEntry {
  user: string;
  line: number;
  column: number;
}

/** What removing gone users does to one dataset file. */
export interface UsersRemoval {
  path: string;
  /** The new text: the old one, byte for byte, when nothing is removed. */
  text: string;
  /** The entries of gone users in this file, as it was. */
  gone: UserEntry[];
  /**
   * Every user of the file is gone. A dataset needs at least one user, and whether it should go
   * (its pull bucket's grants with it) is a person's decision: the file is then left as it is.
   */
  allGone: boolean;
}

export type RemovalResult = { removal: UsersRemoval } | { refusal: Issue[] };

type Map = YAMLMap.Parsed<ParsedNode, ParsedNode | null>;

/** Text before a block list item's value on its line: the indentation and the `-` indicator. */
const ITEM_START = /^[ \t]*-[ \t]+$/;
/** Text after it on its line: nothing, or a comment (which goes with the entry). */
const ITEM_END = /^[ \t]*(#.*)?\r?$/;

const usersOf = (map: Map) => map.items.find((p) => isScalar(p.key) && p.key.value === "users")?.value;
const nameOf = (node: ParsedNode | null) => (isScalar(node) && typeof node.value === "string" ? node.value : undefined);

/**
 * Removes the entries of `gone` users from one dataset file's `users`, by text edits located by
 * the YAML parser's nodes, as `migrate` rewrites files: every other byte (comments, blank lines,
 * key order, quoting, line breaks) stays. Re-serializing the parsed document would normalize the
 * whole file, so a reviewer would see more change than the removal. A removed entry's own line
 * goes with its comment; comment lines above it stay, as nothing says which entry they describe.
 * Pure: the caller reads and writes. Refuses (changing nothing) a file it cannot edit safely.
 */
export function removeUsers(path: string, text: string, gone: ReadonlySet<string>): RemovalResult {
  const source = new SourceFile(path, text);
  const { map, issues } = parseMapping(source, "one mapping of keys to values");
  if (!map) return { refusal: issues.filter((i) => i.severity === "error") };
  const users = usersOf(map);
  const unchanged = (entries: UserEntry[], allGone: boolean) => ({ removal: { path, text, gone: entries, allGone } });
  if (!isSeq(users)) return unchanged([], false);
  const items = users.items;
  const removed = items.filter((item) => gone.has(nameOf(item) ?? ""));
  const entries = removed.map((item) => ({ user: nameOf(item) ?? "", ...source.position(item.range[0]) }));
  if (removed.length === 0 || removed.length === items.length) return unchanged(entries, removed.length > 0);

  const refuse = (node: ParsedNode, what: string, found: string): RemovalResult => ({
    refusal: [
      source.issueAt(
        node,
        "prune-users",
        "error",
        message(what, found, "Put each user on a line of its own (`  - <user>`), as npx exports new writes them."),
      ),
    ],
  });
  let edits: TextEdit[];
  if (users.flow) {
    if (source.yamlText.slice(users.range[0], users.range[1]).includes("#"))
      return refuse(users, "a list in [ ] with comments inside cannot be edited safely", "a comment");
    edits = [flowEdit(text, users, new Set(removed))];
  } else {
    const lines = removed.map((item) => blockItemLine(source.yamlText, item));
    const odd = removed.find((_, i) => lines[i] === undefined);
    if (odd) return refuse(odd, "this user's entry is not alone on its own `- ` line", quote(nameOf(odd) ?? ""));
    edits = lines.filter((e): e is TextEdit => e !== undefined);
  }
  const after = applyEdits(text, edits);
  const kept = (map.toJSON() as { users: unknown[] }).users.filter((u) => !gone.has(u as string));
  if (
    JSON.stringify(parseMapping(new SourceFile(path, after), "").map?.toJSON()) !==
    JSON.stringify({ ...(map.toJSON() as object), users: kept })
  )
    return refuse(users, "the users could not be removed without changing anything else", "an unusual layout");
  return { removal: { path, text: after, gone: entries, allGone: false } };
}

/** The whole line of a block list item, line break included, when the item is alone on it. */
function blockItemLine(text: string, item: ParsedNode): TextEdit | undefined {
  const start = lineStart(text, item.range[0]);
  const end = lineEnd(text, item.range[1]);
  if (!ITEM_START.test(text.slice(start, item.range[0])) || !ITEM_END.test(text.slice(item.range[1], end)))
    return undefined;
  // The file's last line has no break after it: the one before it goes instead.
  return end < text.length ? { start, end: end + 1, text: "" } : { start: Math.max(0, start - 1), end, text: "" };
}

/** `[a, b, c]` written again with the kept items' own text, in their order. */
function flowEdit(text: string, seq: YAMLSeq.Parsed, removed: ReadonlySet<ParsedNode>): TextEdit {
  const kept = seq.items.filter((item) => !removed.has(item));
  return {
    start: seq.range[0],
    end: seq.range[1],
    text: `[${kept.map((item) => text.slice(item.range[0], item.range[1])).join(", ")}]`,
  };
}
