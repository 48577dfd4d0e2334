import type { Config } from "../config/config";
import type { DatasetKind } from "../config/dataset";
import { accessEndInstant, daysLeft } from "../config/expiry";
import { compareText } from "../config/issue";

/** A dataset whose access ends within the warning window, or has ended: what the daily pull request lists. */
export interface ExpiringDataset {
  kind: DatasetKind;
  name: string;
  file: string;
  /** The last day of access, YYYY-MM-DD in the settings' time zone. */
  expires: string;
  /** The instant access ends, in UTC: where its grants' `aws:CurrentTime` conditions stop. */
  endsAt: string;
  /** Whole days of access left after today: 0 on the last day, negative once ended. */
  daysLeft: number;
  expired: boolean;
  users: string[];
  pullArns: string[];
  /** Every paperwork reference, joined with "; ", as the plan shows it. */
  paperwork?: string;
}

/**
 * The datasets whose access ends within the settings' warning window of `now`, or has ended,
 * soonest first. Pure: the clock is the caller's.
 */
export function expiringDatasets(config: Config, now: Date): ExpiringDataset[] {
  const { timeZone, expiryWarningDays } = config.settings;
  return [...config.push, ...config.pull]
    .flatMap((d): ExpiringDataset[] => {
      if (d.expires === undefined) return [];
      const left = daysLeft(d.expires, timeZone, now);
      if (left >= expiryWarningDays) return [];
      return [
        {
          kind: d.kind,
          name: d.name,
          file: d.file,
          expires: d.expires,
          endsAt: accessEndInstant(d.expires, timeZone),
          daysLeft: left,
          expired: left < 0,
          users: d.users,
          pullArns: d.kind === "pull" ? d.pullArns : [],
          ...(d.paperwork ? { paperwork: d.paperwork.join("; ") } : {}),
        },
      ];
    })
    .sort((a, b) => compareText(a.expires, b.expires) || compareText(a.file, b.file));
}
