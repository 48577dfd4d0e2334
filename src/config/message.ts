import { isCollection, isMap, isScalar, isSeq, parse, type Node } from "yaml";
import { INVISIBLE_CHARACTER } from "./characters";

const MAX_SHOWN = 80;

/** Phrases a finding the same way everywhere: what is wrong, the value found, then the fix. */
export function message(what: string, found: string, fix: string): string {
  return `${what}: found ${found}. ${fix}`;
}

/**
 * Quotes a string for a message, shortened so hostile input cannot flood the output. Control
 * characters (JSON escapes C0 ones), C1 controls and invisible or bidirectional characters are
 * shown as \u escapes, so a quoted value cannot reorder or hide the text around it in a terminal.
 */
export function quote(text: string): string {
  const shown = text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN)}…` : text;
  return JSON.stringify(shown)
    .replace(INVISIBLE_CHARACTER, (c) => `\\u${(c.codePointAt(0) ?? 0).toString(16).padStart(4, "0")}`)
    .replace(/[\u0080-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** Describes a YAML value as a reader would see it: strings quoted, other scalars with their type. */
export function describe(node: Node | null | undefined): string {
  if (node == null) return "nothing";
  if (isScalar(node)) {
    const { value } = node;
    if (typeof value === "string") return quote(value);
    if (value === null) return node.source ? `${quote(node.source)} (null, not text)` : "an empty value";
    // Scalar.toString is String(value): the value as written where the parser kept no source text.
    const written = node.source ?? node.toString();
    return `${quote(written)} (${value instanceof Date ? "a date" : `a ${typeof value}`}, not text)`;
  }
  if (isSeq(node)) return `a list of ${node.items.length}`;
  if (isMap(node)) return "a mapping";
  if (isCollection(node)) return "a collection";
  return "an alias";
}

/**
 * Text as it must be written in YAML to be read back as that text: bare where YAML reads it so,
 * in double quotes where it would read a number, a boolean or null (`0`, `true`, `1e3`), so a
 * suggested fix is never itself wrong.
 */
export function asYaml(text: string): string {
  try {
    if (parse(text) === text && !/^\s|\s$|[#"]/.test(text)) return text;
  } catch {
    // Not a plain scalar: quoted below.
  }
  return JSON.stringify(text);
}

/**
 * A plain value YAML read as something other than text (`null`, `true`, `12345`, a YAML 1.1
 * date): what was written and what YAML made of it, so a message can say to quote it.
 */
export function readAsNonText(node: Node | null | undefined): { written: string; as: string } | undefined {
  if (!isScalar(node) || typeof node.value === "string" || node.type !== "PLAIN") return undefined;
  const written = node.source ?? "";
  if (written === "") return undefined;
  const value: unknown = node.value;
  const as = value === null ? "null (no value)" : value instanceof Date ? "a date" : `a ${typeof value}`;
  return { written, as };
}
