// The local platform's stand-in for e-mail: notices are appended to a text file, as SNS would mail them.
import { appendFileSync } from "node:fs";
import { join } from "node:path";
import type { Notice } from "./notice";

/** The notices file of the local platform whose state folder is `dir`. */
export const noticesPath = (dir: string) => join(dir, "notices.txt");

/** A notice as the e-mail it would be: recipients, subject, body, and a separator line. Pure. */
export function mailText(notice: Notice, to: readonly string[]): string {
  return `To: ${to.join(", ")}\nSubject: ${notice.subject}\nKind: ${notice.kind}\n\n${notice.message}${"-".repeat(72)}\n`;
}

/** Appends one notice; synchronous, so notices from concurrent batches never interleave. */
export function appendNotice(file: string, notice: Notice, to: readonly string[]): void {
  appendFileSync(file, mailText(notice, to), "utf8");
}
