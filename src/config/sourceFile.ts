import { LineCounter, type Node } from "yaml";
import type { Issue, Severity } from "./issue";

/** A dataset or settings file's text, with the means to turn offsets into file:line:column issues. */
export class SourceFile {
  readonly lineCounter = new LineCounter();

  constructor(
    /** Relative to the repository root, forward slashes. */
    readonly path: string,
    readonly text: string,
  ) {}

  /** An issue at a character offset (0-based) of this file. */
  issueAtOffset(offset: number, rule: string, severity: Severity, message: string): Issue {
    const at = Math.max(0, offset);
    const { line, col } = this.lineCounter.linePos(at);
    // line 0 means the text was never parsed (or the offset precedes the first line).
    const [l, c] = line === 0 ? [1, at + 1] : [line, col];
    return { file: this.path, line: l, column: c, rule, severity, message };
  }

  /** An issue at the start of a parsed node, or at the file's start when the node is absent. */
  issueAt(node: Node | null | undefined, rule: string, severity: Severity, message: string): Issue {
    return this.issueAtOffset(node?.range?.[0] ?? 0, rule, severity, message);
  }
}
