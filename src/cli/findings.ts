import type { Finding } from "../doctor/finding";
import { compareText } from "../config/issue";
import { visible, visibleLines } from "../report/escape";
import type { Output } from "./output";

/** Prints findings one a line, by file and line; they quote AWS's answers and the files' values, so invisible characters are named. */
export function printFindings(findings: Finding[], out: Output): void {
  findings.sort((a, b) => compareText(a.file, b.file) || a.line - b.line);
  for (const f of findings)
    out.stdout(`${visible(f.file)}:${f.line}:${f.column}: ${visibleLines(f.message)} [${f.check}]\n`);
}
