// Until a shared escaping module lands (src/report/escape.ts), text for terminals is made safe here.

/**
 * Text from a log (object keys are chosen by users) made safe to print to a terminal: control
 * characters (which can move the cursor or recolour the screen), line separators, and bidirectional controls
 * (which can make text read differently from what it is) are shown as \u{…} escapes.
 */
export function terminalText(text: string): string {
  return text.replace(/[\p{Cc}\p{Zl}\p{Zp}\p{Bidi_Control}]/gu, (c) => `\\u{${(c.codePointAt(0) ?? 0).toString(16)}}`);
}
