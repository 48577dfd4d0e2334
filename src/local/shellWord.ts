/**
 * One word for a POSIX shell: as it is when every character is safe unquoted, otherwise in single
 * quotes. Names reaching printed commands are validated, but a settings file can widen the user
 * name pattern, so nothing is pasted into a command unquoted on trust.
 */
export function shellWord(value: string): string {
  return /^[A-Za-z0-9_+=,.@/:%-]+$/.test(value) ? value : `'${value.replaceAll("'", `'\\''`)}'`;
}
