import type { Node } from "yaml";
import type { Issue, Severity } from "./issue";

/** A dataset or settings file's text, with the means to turn offsets into file:line:column issues. */
export class SourceFile {
  #lineStarts: number[] | undefined;
  #yamlText: string | undefined;

  constructor(
    /** Relative to the repository root, forward slashes. */
    readonly path: string,
    readonly text: string,
  ) {}

  /**
   * The text with every line break as LF, for the YAML parser, which reads a lone CR as part of a
   * line although YAML 1.2 counts it as a break. Each CR becomes one LF, so offsets are unchanged.
   */
  get yamlText(): string {
    // Kept: the parser, the nesting check and every plain scalar's check read it.
    return (this.#yamlText ??= this.text.replace(/\r(?!\n)/g, "\n"));
  }

  /** 1-based line and column of a character offset (0-based); LF, CRLF and a lone CR each end a line. */
  position(offset: number): { line: number; column: number } {
    const starts = (this.#lineStarts ??= lineStarts(this.text));
    const at = Math.min(Math.max(0, offset), this.text.length);
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((starts[mid] ?? 0) <= at) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: at - (starts[low] ?? 0) + 1 };
  }

  /** An issue at a character offset (0-based) of this file. */
  issueAtOffset(offset: number, rule: string, severity: Severity, message: string): Issue {
    return { file: this.path, ...this.position(offset), rule, severity, message };
  }

  /** An issue at the start of a parsed node, or at the file's start when the node is absent. */
  issueAt(node: Node | null | undefined, rule: string, severity: Severity, message: string): Issue {
    return this.issueAtOffset(node?.range?.[0] ?? 0, rule, severity, message);
  }
}

/** The offset at which each line starts, as every valid dataset's positions (and every finding) need them. */
function lineStarts(text: string): number[] {
  const starts = [0];
  // Most files have no CR: finding each LF with indexOf is several times quicker than a loop over every character.
  if (!text.includes("\r")) {
    for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
    return starts;
  }
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a || (c === 0x0d && text.charCodeAt(i + 1) !== 0x0a)) starts.push(i + 1);
  }
  return starts;
}
