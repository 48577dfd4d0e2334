import { daysLeft } from "../expiry";
import type { ExpiryRule } from "../expiryRules";
import { expiresIssue } from "./expiresIssue";
import { renewal } from "./renewal";

export const expiresSoon: ExpiryRule = {
  id: "expires-soon",
  severity: "warning",
  description:
    "Access ends within `expiry_warning_days` (30 by default): 0 days left on the last day. The message names the line to change and the paperwork to renew.",
  check(dataset, { settings, now }) {
    if (dataset.expires === undefined) return [];
    const left = daysLeft(dataset.expires, settings.timeZone, now);
    if (left < 0 || left >= settings.expiryWarningDays) return [];
    const when = left === 0 ? "today is its last day" : `${left} day${left === 1 ? "" : "s"} left`;
    const what = `access to ${dataset.kind} dataset ${dataset.name} ends after ${dataset.expires} (${settings.timeZone}): ${when}`;
    const fix = `${renewal(dataset)} Otherwise access ends on its own and the daily pull request proposes removing ${dataset.file}.`;
    return [expiresIssue(dataset, this.id, "warning", what, fix)];
  },
};
