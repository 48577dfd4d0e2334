const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** How far back `--since` looks, in milliseconds, or an error message that says the fix. */
export function parseSince(text: string): { ms: number } | { error: string } {
  const match = /^([1-9][0-9]{0,4})([mhd])$/.exec(text);
  if (!match)
    return {
      error: `--since must be a whole number followed by m, h or d (minutes, hours, days), e.g. --since 24h; found ${JSON.stringify(text)}`,
    };
  return { ms: Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS] };
}
