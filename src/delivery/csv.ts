/**
 * One CSV cell as RFC 4180 quotes it, made safe to open in a spreadsheet. A cell that starts with
 * `=`, `+`, `-`, `@`, a tab or a carriage return is taken by Excel, LibreOffice and Google Sheets
 * as a formula (CSV injection, https://owasp.org/www-community/attacks/CSV_Injection): such a
 * cell gets a leading `'`, which spreadsheets show as text. Object keys are the uploader's to
 * choose, so every cell is treated so. A cell holding a comma, a quote or a line break is quoted,
 * its quotes doubled; a line break inside a quoted cell is data, never a new row.
 */
export function csvCell(value: string | number | undefined): string {
  if (value === undefined) return "";
  const text = typeof value === "number" ? String(value) : value;
  const neutral = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(neutral) ? `"${neutral.replaceAll('"', '""')}"` : neutral;
}

/** One CSV row, CR LF ended as RFC 4180 has it. */
export function csvRow(cells: readonly (string | number | undefined)[]): string {
  return `${cells.map(csvCell).join(",")}\r\n`;
}
