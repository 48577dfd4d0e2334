/**
 * The one line printed for an error no command expected: what failed and the error's own first
 * line, without a stack trace, and with control characters shown as `?` so a message carrying
 * terminal escapes or workflow commands stays one inert line.
 */
export function unexpectedErrorLine(command: string, error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  // Control characters are exactly what this looks for.
  // eslint-disable-next-line no-control-regex
  const first = (text.split(/\r\n|\r|\n/)[0] ?? "").replace(/[\u0000-\u001f\u007f-\u009f]/g, "?").slice(0, 300);
  return `exports ${command}: unexpected error: ${first} (please report this)\n`;
}
