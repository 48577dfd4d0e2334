/** The period `exports status --history` covers: records at or after `from`, before `to`. */
export interface HistoryRange {
  from: Date;
  to: Date;
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
// A time must say its zone (Z or ±hh:mm): a record's time is UTC, and a local reading would shift the period.
const TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

/** A date (the start of that UTC day, or of the next one for an end) or a time with its zone; undefined when it is neither. */
function parseWhen(text: string, end: boolean): Date | undefined {
  const day = DAY.exec(text);
  if (day) {
    const [y, m, d] = [Number(day[1]), Number(day[2]), Number(day[3])];
    const at = new Date(Date.UTC(y, m - 1, d + (end ? 1 : 0)));
    // Date.UTC rolls 2026-02-30 over into March: a day that does not exist is refused, not moved.
    const check = new Date(Date.UTC(y, m - 1, d));
    return check.getUTCFullYear() === y && check.getUTCMonth() === m - 1 && check.getUTCDate() === d ? at : undefined;
  }
  if (!TIME.test(text)) return undefined;
  const at = new Date(text);
  return Number.isNaN(at.getTime()) ? undefined : at;
}

const FORMS = "a date, 2026-12-01 (a whole UTC day), or a time with its zone, 2026-12-01T09:30:00Z";

/**
 * The period of `--from` and `--to`, or an error that names the option, the value found and the
 * form expected. `--to` given as a date includes that whole day; without `--to`, the period ends now.
 */
export function historyRange(
  from: string | undefined,
  to: string | undefined,
  now: Date,
): HistoryRange | { error: string } {
  if (from === undefined)
    return { error: `--history needs --from: the start of the period, as ${FORMS}; e.g. --from 2026-12-01` };
  const start = parseWhen(from, false);
  if (!start) return { error: `--from must be ${FORMS}; found ${JSON.stringify(from)}` };
  const end = to === undefined ? now : parseWhen(to, true);
  if (!end) return { error: `--to must be ${FORMS}; found ${JSON.stringify(to)}` };
  if (end.getTime() <= start.getTime())
    return {
      error: `--to must come after --from: the period from ${start.toISOString()} to ${end.toISOString()} is empty (--to ${JSON.stringify(to ?? "now")})`,
    };
  return { from: start, to: end };
}
