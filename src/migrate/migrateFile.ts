import { isScalar, isSeq, type Pair, type ParsedNode, type YAMLMap } from "yaml";
import { DATASET_FOLDERS, type DatasetKind } from "../config/dataset";
import type { Issue } from "../config/issue";
import { message, quote } from "../config/message";
import { PULL_NAME, PUSH_NAME } from "../config/names";
import { parseMapping } from "../config/parseMapping";
import { isLegacyList } from "../config/rules/booleanValue";
import { suggestKey } from "../config/rules/unknownKey";
import { DATASET_KEYS, FLAG_KEYS } from "../config/schema";
import { SourceFile } from "../config/sourceFile";
import type { TextEdit } from "./textEdit";
import { applyEdits, lineEnd, lineStart } from "./textEdit";

/** One rewrite `migrate` makes, located in the file as it was. */
export interface MigrationChange {
  line: number;
  column: number;
  what: string;
}

/** A dataset file in today's form: its new text and path (the same path when not renamed). */
export interface FileMigration {
  kind: DatasetKind;
  path: string;
  newPath: string;
  text: string;
  changes: MigrationChange[];
}

export type FileResult = { migration: FileMigration } | { refusal: Issue[] };

type Entry = Pair<ParsedNode, ParsedNode | null>;
type Map = YAMLMap.Parsed<ParsedNode, ParsedNode | null>;

const NOTE = "exports migrate: the old system ignored this key, so it is kept only as a comment.";

/** Comments inside a stretch of YAML that holds no quoted text (keys, indicators, plain booleans). */
const commentsIn = (text: string) => [...text.matchAll(/#[^\n]*/g)].map((m) => m[0].trimEnd());

/**
 * Rewrites one dataset file into today's form, by text edits located by the parser's nodes so
 * every comment, blank line and the order of keys are kept. Pure: the caller reads and writes.
 * Refuses (changing nothing) a file that does not parse, or one it cannot rewrite safely.
 */
export function migrateFile(kind: DatasetKind, path: string, text: string): FileResult {
  const source = new SourceFile(path, text);
  const { map, issues } = parseMapping(source, "one mapping of keys to values");
  if (!map) return { refusal: issues.filter((i) => i.severity === "error") };

  const edits: TextEdit[] = [];
  const changes: MigrationChange[] = [];
  const refusal: Issue[] = [];
  const change = (offset: number, what: string) => changes.push({ ...source.position(offset), what });
  const refuse = (node: ParsedNode | null | undefined, what: string, found: string, fix: string) =>
    refusal.push(source.issueAt(node, "migrate", "error", message(what, found, fix)));

  for (const pair of map.items as Entry[]) {
    const key = pair.key;
    if (!isScalar(key) || typeof key.value !== "string") continue;
    const name = key.value;
    if (!DATASET_KEYS[kind].includes(name)) {
      const edit = commentOut(text, pair);
      if (!edit) {
        refuse(
          key,
          "this key cannot be turned into a comment where it stands",
          quote(name),
          "Move it to a line of its own.",
        );
        continue;
      }
      edits.push(edit);
      const other: DatasetKind = kind === "push" ? "pull" : "push";
      const hint = suggestKey(name, DATASET_KEYS[kind], { kind: other, keys: DATASET_KEYS[other] });
      // A likely slip for a real key was never applied either; applying it now would change access.
      const meant = hint.startsWith("Did you mean")
        ? ` ${hint.split("?")[0]}? It was never applied; add it in a later change if it is still wanted.`
        : "";
      change(key.range[0], `${name}: turned into a comment, as the old system ignored it.${meant}`);
    } else if (kind === "push" && name === "target_bucket") {
      if (entryOf(map, "bucket")) {
        refuse(key, "bucket and target_bucket are both given", quote("target_bucket"), "Remove one of them first.");
        continue;
      }
      edits.push({ start: key.range[0], end: key.range[1], text: "bucket" });
      change(key.range[0], "target_bucket: renamed to bucket, the same value");
    } else if ((FLAG_KEYS[kind] as readonly string[]).includes(name) && isLegacyList(pair.value)) {
      const edit = flagEdit(text, key, pair.value as ParsedNode);
      edits.push(edit);
      change(key.range[0], `${name}: the one-element list becomes ${edit.text.trim().split(" ")[0]}`);
    }
  }

  const declared = entryOf(map, "name")?.value;
  const stem = (path.split("/").pop() ?? "").replace(/\.yaml$/, "");
  let newPath = path;
  if (isScalar(declared) && typeof declared.value === "string") {
    const name = declared.value;
    const pattern = kind === "push" ? PUSH_NAME : PULL_NAME;
    if (name !== stem) {
      if (pattern.test(name)) {
        newPath = `${DATASET_FOLDERS[kind]}/${name}.yaml`;
        change(declared.range[0], `renamed to ${newPath} to match name: ${name}, which decides the bucket and prefix`);
      } else {
        refuse(
          declared,
          "the file cannot be renamed to match its name, which is not a valid dataset name",
          quote(name),
          "Run npx exports validate and fix the name by hand; the name decides the bucket, so check it stays.",
        );
      }
    }
  }
  if (refusal.length > 0) return { refusal };
  const migrated = applyEdits(text, edits);
  if (!sameContent(kind, path, map, migrated)) {
    refuse(
      map,
      "migrate could not rewrite this file without changing what it says",
      "an unusual layout",
      "Rewrite it by hand in the form npx exports new writes.",
    );
    return { refusal };
  }
  changes.sort((a, b) => a.line - b.line || a.column - b.column);
  return { migration: { kind, path, newPath, text: migrated, changes } };
}

function entryOf(map: Map, key: string): Entry | undefined {
  return (map.items as Entry[]).find((p) => isScalar(p.key) && p.key.value === key);
}

/** `flag:` then `- True` (or `flag: [True]`) becomes `flag: true`, keeping any comment on those lines. */
function flagEdit(text: string, key: ParsedNode, seq: ParsedNode): TextEdit {
  const item = isSeq(seq) ? seq.items[0] : undefined;
  const value = isScalar(item) && item.value === true;
  const start = text.indexOf(":", key.range[1]) + 1;
  // A block list ends at its item's value; the rest of that line (a comment) stays where it is.
  const end = isSeq(seq) && !seq.flow && item ? item.range[1] : seq.range[1];
  const comments = commentsIn(text.slice(start, end));
  return { start, end, text: [` ${value}`, ...comments].join(" ") };
}

/** The key's lines, each commented out at the key's indentation, after a line that says why. */
function commentOut(text: string, pair: Entry): TextEdit | undefined {
  const key = pair.key;
  const start = lineStart(text, key.range[0]);
  const indent = text.slice(start, key.range[0]);
  // Only a key that starts its line (a block mapping) can be commented out without touching others.
  if (indent.trim() !== "") return undefined;
  const end = lineEnd(text, Math.max(key.range[1], pair.value?.range[1] ?? 0) - 1);
  const lines = text
    .slice(start, end)
    .split("\n")
    .map((line) =>
      line.trim() === "" ? line : line.startsWith(indent) ? `${indent}# ${line.slice(indent.length)}` : `# ${line}`,
    );
  return { start, end, text: [`${indent}# ${NOTE}`, ...lines].join("\n") };
}

/**
 * True when the rewritten text parses to what the original said in today's form: ignored keys
 * gone, target_bucket as bucket, one-element lists as their boolean. A safety net for layouts the
 * edits did not foresee.
 */
function sameContent(kind: DatasetKind, path: string, before: Map, text: string): boolean {
  const after = parseMapping(new SourceFile(path, text), "").map;
  if (!after) return false;
  const expected: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(before.toJSON() as Record<string, unknown>)) {
    if (!DATASET_KEYS[kind].includes(key)) continue;
    const unwrapped =
      (FLAG_KEYS[kind] as readonly string[]).includes(key) &&
      Array.isArray(value) &&
      value.length === 1 &&
      typeof value[0] === "boolean"
        ? value[0]
        : value;
    expected[kind === "push" && key === "target_bucket" ? "bucket" : key] = unwrapped;
  }
  return JSON.stringify(after.toJSON()) === JSON.stringify(expected);
}
