import type { RuleMeta } from "./ruleMeta";
import {
  Lexer,
  isAlias,
  isCollection,
  isMap,
  isPair,
  isScalar,
  parseAllDocuments,
  type Alias,
  type ErrorCode,
  type Pair,
  type ParsedNode,
  type Scalar,
  type YAMLMap,
} from "yaml";
import type { Issue } from "./issue";
import { describe, message, quote } from "./message";
import { invisibleCharacters } from "./rules/invisibleCharacter";
import type { SourceFile } from "./sourceFile";

/** The rule `single-mapping`: its id and its row of docs/rules.md. */
export const SINGLE_MAPPING_RULE: RuleMeta = {
  id: "single-mapping",
  severity: "error",
  description: "The file is one YAML document holding one mapping: not empty, not a list, no `---` separators.",
};

/** The rule `yaml-merge-key`: its id and its row of docs/rules.md. */
export const YAML_MERGE_KEY_RULE: RuleMeta = {
  id: "yaml-merge-key",
  severity: "error",
  description:
    'No merge keys (`<<:`, which YAML 1.1 reads as "copy the keys of that mapping here"): every key is written out, so what a reviewer reads is what the file says.',
};

/** The rule `yaml-alias`: its id and its row of docs/rules.md. */
export const YAML_ALIAS_RULE: RuleMeta = {
  id: "yaml-alias",
  severity: "error",
  description:
    'No aliases (`*name`). Dataset files never need them, and refusing them closes off "billion laughs" alias bombs.',
};

/** The rule `duplicate-key`: its id and its row of docs/rules.md. */
export const DUPLICATE_KEY_RULE: RuleMeta = {
  id: "duplicate-key",
  severity: "error",
  description: "No key appears twice in the mapping.",
};

/** The rule `list-indentation`: its id and its row of docs/rules.md. */
export const LIST_INDENTATION_RULE: RuleMeta = {
  id: "list-indentation",
  severity: "error",
  description:
    "The items of a list start at one column, each on its own line below its key. `users: - a` (an item on the key's line) and an item indented further than the one before it (which YAML silently joins into one text, `a - b`) are named as a list's indentation, not as a bad name.",
};

/** The rule `yaml-syntax`: its id and its row of docs/rules.md. */
export const YAML_SYNTAX_RULE: RuleMeta = {
  id: "yaml-syntax",
  severity: "error",
  description: "The YAML parses. Only the first syntax error is shown: the rest are usually echoes of it.",
};

/** The rule `file-readable`: its id and its row of docs/rules.md. */
export const FILE_READABLE_RULE: RuleMeta = {
  id: "file-readable",
  severity: "error",
  description:
    "The path is a regular file of at most 256 KiB of UTF-8 text, with no control characters and nesting no deeper than 64 levels (guards against hostile input). Text that is not UTF-8 is reported at the line and column of the first byte that is not. Brackets in comments and quoted text are not nesting: `# [[[` is fine. Line endings may be LF, CRLF or CR alone (all valid YAML).",
};

/** A file's top-level mapping, when it has exactly one, and what stood in the way otherwise. */
export interface ParsedMapping {
  map: YAMLMap.Parsed<ParsedNode, ParsedNode | null> | undefined;
  issues: Issue[];
}

const RULE_OF: Partial<Record<ErrorCode, string>> = { DUPLICATE_KEY: DUPLICATE_KEY_RULE.id };

/** Far more than any dataset or settings file needs; larger files are refused before parsing. */
export const MAX_FILE_CHARS = 256 * 1024;
/** Dataset files nest two levels; deep flow nesting exhausts the parser's memory, so it is refused. */
const MAX_DEPTH = 64;

/**
 * Parses a file that must hold one YAML mapping. Never throws: syntax errors, several documents,
 * a non-mapping and aliases (the alias-bomb vector; dataset files never need them) are issues.
 */
export function parseMapping(source: SourceFile, expected: string): ParsedMapping {
  const refused = refuseHostileText(source);
  if (refused) return { map: undefined, issues: [refused] };
  const invisible = invisibleCharacters(source);
  if (invisible.some((i) => i.severity === "error")) return { map: undefined, issues: invisible };
  const parsed = parseYaml(source, expected);
  return { map: parsed.map, issues: [...invisible, ...parsed.issues] };
}

function parseYaml(source: SourceFile, expected: string): ParsedMapping {
  const docs = parseAllDocuments(source.yamlText, { prettyErrors: false, uniqueKeys: true });
  const list = Array.isArray(docs) ? docs : [];
  const first = list[0];
  if (!first || (list.length === 1 && first.contents === null && first.errors.length === 0)) {
    return {
      map: undefined,
      issues: [
        source.issueAtOffset(
          0,
          SINGLE_MAPPING_RULE.id,
          "error",
          message("the file is empty", "no YAML mapping", `Write ${expected}.`),
        ),
      ],
    };
  }

  const issues: Issue[] = [];
  for (const doc of list) {
    for (const e of [...doc.errors, ...doc.warnings]) {
      const listIssue = misplacedListItem(source, e.code, e.pos[0]);
      if (listIssue && !issues.some((i) => i.rule === YAML_SYNTAX_RULE.id || i.rule === LIST_INDENTATION_RULE.id)) {
        issues.push(listIssue);
        continue;
      }
      const found = foundAt(source.text, e.pos[0], e.pos[1]);
      const rule = RULE_OF[e.code] ?? YAML_SYNTAX_RULE.id;
      const what =
        rule === DUPLICATE_KEY_RULE.id ? "a key is given twice" : `the YAML cannot be read (${firstLine(e.message)})`;
      const fix =
        rule === DUPLICATE_KEY_RULE.id
          ? "Keep one of them."
          : "Fix the syntax here: check indentation, quoting and the ':' after each key.";
      // After the first syntax error the parser's later complaints are mostly echoes of it.
      if (rule === YAML_SYNTAX_RULE.id && issues.some((i) => i.rule === rule || i.rule === LIST_INDENTATION_RULE.id))
        continue;
      issues.push(source.issueAtOffset(e.pos[0], rule, "error", message(what, found, fix)));
    }
  }
  if (issues.length > 0) return { map: undefined, issues };

  if (list.length > 1) {
    const second = list[1];
    const what = `the file holds ${list.length} YAML documents`;
    const fix = "Keep one mapping per file and remove the '---' separators.";
    return {
      map: undefined,
      issues: [
        source.issueAtOffset(second?.range[0] ?? 0, SINGLE_MAPPING_RULE.id, "error", message(what, "'---'", fix)),
      ],
    };
  }

  const contents = first.contents;
  if (!isMap(contents)) {
    const what = "the file must be one mapping of keys to values";
    return {
      map: undefined,
      issues: [
        source.issueAt(
          contents,
          SINGLE_MAPPING_RULE.id,
          "error",
          message(what, describe(contents), `Write ${expected}.`),
        ),
      ],
    };
  }

  eachNode(contents, {
    Scalar(scalar) {
      const joined = joinedListItems(source, scalar);
      if (joined) issues.push(joined);
    },
    Pair(pair) {
      // Under %YAML 1.1 the parser reads `<<` as a merge key, whose value is a symbol: a message
      // would show it as Symbol(<<). Like aliases, merging is refused: every key is written out.
      if (!isScalar(pair.key) || typeof pair.key.value !== "symbol") return;
      const fix = "Merge keys are not allowed in these files; write each key and value out in full.";
      const what = "a YAML merge key (<<) is used, which copies keys from another mapping";
      issues.push(source.issueAt(pair.key, YAML_MERGE_KEY_RULE.id, "error", message(what, quote("<<"), fix)));
    },
    Alias(alias) {
      const fix = "Aliases are not allowed in these files; write the value out in full.";
      issues.push(
        source.issueAt(alias, YAML_ALIAS_RULE.id, "error", message("an alias is used", quote(`*${alias.source}`), fix)),
      );
    },
  });
  return { map: issues.length > 0 ? undefined : contents, issues };
}

/** What eachNode calls, by kind of node. */
interface NodeVisitor {
  Scalar(scalar: Scalar): void;
  Pair(pair: Pair): void;
  Alias(alias: Alias): void;
}

/**
 * Calls the visitor on every node under `node`, depth first, in the order yaml's `visit` does (a
 * pair, then its key, then its value), without the path that `visit` builds for every collection
 * and pair: with many small dataset files, that bookkeeping is a cost of its own.
 */
function eachNode(node: unknown, visitor: NodeVisitor): void {
  if (isPair(node)) {
    visitor.Pair(node);
    eachNode(node.key, visitor);
    eachNode(node.value, visitor);
  } else if (isCollection(node)) {
    for (const item of node.items) eachNode(item, visitor);
  } else if (isScalar(node)) {
    visitor.Scalar(node);
  } else if (isAlias(node)) {
    visitor.Alias(node);
  }
}

/**
 * A list item where YAML cannot take one: on its key's line (`users: - x`), or less indented
 * than the item before it. The parser's own words (a block sequence as an implicit key) do not
 * say that the list is what is wrong.
 */
function misplacedListItem(source: SourceFile, code: ErrorCode, offset: number): Issue | undefined {
  const { text } = source;
  const lineStart = text.lastIndexOf("\n", offset - 1) + 1;
  const lineEnd = text.indexOf("\n", offset);
  const line = text.slice(lineStart, lineEnd === -1 ? text.length : lineEnd);
  const onKeyLine = /^(\s*)([\w-]+):\s+-\s+(.*)$/.exec(line);
  if (code === "UNEXPECTED_TOKEN" && onKeyLine) {
    const [, indent = "", key = "", item = ""] = onKeyLine;
    const fix = `Put ${key}: alone on its line, then each item on a line of its own below it, indented: "${indent}  - ${item.trim()}".`;
    const what = "a list starts on the same line as its key, where YAML does not read a list";
    return source.issueAtOffset(offset, LIST_INDENTATION_RULE.id, "error", message(what, quote(line.trim()), fix));
  }
  if (code === "BLOCK_AS_IMPLICIT_KEY" && /^\s*- /.test(line)) {
    const what = "a list item is indented less than the items before it";
    const fix = "Start every item of one list at the same column, each on its own line.";
    return source.issueAtOffset(offset, LIST_INDENTATION_RULE.id, "error", message(what, quote(line.trim()), fix));
  }
  return undefined;
}

/**
 * A plain text that spans lines on which items start (`- a` then, indented further, `- b`): YAML
 * reads it as one text, "a - b", which is never what was meant.
 */
function joinedListItems(source: SourceFile, scalar: Scalar): Issue | undefined {
  if (scalar.type !== "PLAIN" || !scalar.range || typeof scalar.value !== "string") return undefined;
  // Most texts are on one line, where no item can start: answered without the copy and the regex.
  const lineEnd = source.yamlText.indexOf("\n", scalar.range[0]);
  if (lineEnd === -1 || lineEnd >= scalar.range[1]) return undefined;
  const written = source.yamlText.slice(scalar.range[0], scalar.range[1]);
  if (!/\n[ \t]*- /.test(written)) return undefined;
  const items = written.split(/\n[ \t]*- /).map((item) => `- ${item.trim()}`);
  const what = "a list item is indented further than the one before it, so YAML reads them as one text";
  const fix = `Start every item at the same column, each on its own line: ${items.map((i) => quote(i)).join(", ")}.`;
  return source.issueAt(scalar, LIST_INDENTATION_RULE.id, "error", message(what, quote(scalar.value), fix));
}

/** Text a parser must never see: too large, binary, or nested deep enough to exhaust memory. */
function refuseHostileText(source: SourceFile): Issue | undefined {
  const { text } = source;
  if (text.length > MAX_FILE_CHARS) {
    const what = `the file is larger than ${MAX_FILE_CHARS / 1024} KiB`;
    return source.issueAtOffset(
      0,
      FILE_READABLE_RULE.id,
      "error",
      message(what, `${text.length} characters`, "Split it or remove what it does not need."),
    );
  }
  // Control characters are exactly what this looks for.
  // eslint-disable-next-line no-control-regex
  const control = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFD\uFFFE\uFFFF]/.exec(text);
  if (control) {
    const code = `U+${control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`;
    const fix = "Save the file as plain UTF-8 text; it may be binary or in another encoding.";
    return source.issueAtOffset(
      control.index,
      FILE_READABLE_RULE.id,
      "error",
      message("the file holds a character that is not text", code, fix),
    );
  }
  const deep = deepestNesting(source.yamlText);
  if (deep) {
    const what = `values nest more than ${MAX_DEPTH} levels deep`;
    return source.issueAtOffset(
      deep.offset,
      FILE_READABLE_RULE.id,
      "error",
      message(
        what,
        quote(text.slice(deep.offset, deep.offset + 10)),
        "Dataset files need two levels; remove the extra nesting.",
      ),
    );
  }
  return undefined;
}

/**
 * Where nesting first passes MAX_DEPTH: flow brackets across the file, or compact block indicators
 * (`- - - x`, `? ? x`) at the start of one line. Read from the YAML lexer's tokens, which is linear
 * and builds nothing, so brackets in comments and quoted text do not count: `# [[[…` is valid.
 */
function deepestNesting(text: string): { offset: number } | undefined {
  if (!mayNestDeeply(text)) return undefined;
  let depth = 0;
  let lineStart = true;
  let indicators = 0;
  let offset = 0;
  for (const token of new Lexer().lex(text)) {
    // The lexer marks documents and scalars with control characters that are not in the text.
    if (token.length === 1 && token < " " && token !== "\n" && token !== "\t") continue;
    if (token === "[" || token === "{") depth++;
    else if ((token === "]" || token === "}") && depth > 0) depth--;
    if (token === "\n" || token === "\r\n") {
      lineStart = true;
      indicators = 0;
    } else if (lineStart && (token === "-" || token === "?" || token === ":")) {
      indicators++;
    } else if (token.trim() !== "") {
      lineStart = false;
    }
    if (depth > MAX_DEPTH || indicators > MAX_DEPTH) return { offset };
    offset += token.length;
  }
  return undefined;
}

/** The ASCII characters String.prototype.trim removes: tab, line feed, vertical tab, form feed, carriage return, space. */
const isAsciiBlank = (c: number) => c === 0x20 || (c >= 0x09 && c <= 0x0d);

/**
 * False when no tokens of `text` can nest past MAX_DEPTH, so deepestNesting need not lex it (the
 * lexer costs a quarter of a parse). Each bracket or indicator token is one such character, so
 * flow depth is at most the count of brackets; a line's run of indicators ends at a token that is
 * neither an indicator nor blank, which holds an ASCII character that is neither. A character
 * beyond ASCII may be a blank (trim removes Unicode spaces), so it never ends a run. Counting
 * more than the lexer does only sends a text to it: an ordinary dataset file is never lexed twice.
 */
function mayNestDeeply(text: string): boolean {
  let brackets = 0;
  let indicators = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5b || c === 0x7b) {
      if (++brackets > MAX_DEPTH) return true;
      indicators = 0;
    } else if (c === 0x2d || c === 0x3f || c === 0x3a) {
      if (++indicators > MAX_DEPTH) return true;
    } else if (c < 0x80 && !isAsciiBlank(c)) {
      indicators = 0;
    }
  }
  return false;
}

/** The text a parser error points at, or a description of it when that is empty. */
function foundAt(text: string, start: number, end: number): string {
  if (start >= text.length) return "the end of the file";
  const lineEnd = text.indexOf("\n", start);
  const snippet = text.slice(start, Math.max(end, lineEnd === -1 ? text.length : lineEnd));
  return snippet.trim() === "" ? "the end of a line" : quote(snippet);
}

function firstLine(text: string): string {
  return (
    text
      .split("\n")[0]
      ?.replace(/\s*at line \d+, column \d+:?$/, "")
      .trim() ?? text
  );
}
