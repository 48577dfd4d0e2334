import { addMonths, todayIn } from "../expiry";
import type { ExpiryRule } from "../expiryRules";
import { expiresIssue } from "./expiresIssue";

export const expiresWithin: ExpiryRule = {
  id: "expires-within",
  severity: "error",
  description:
    "With `max_expiry_months` in the settings (e.g. 24), `expires` is at most that many months after today. Renewals are held to it too.",
  check(dataset, { settings, now }) {
    if (dataset.expires === undefined || settings.maxExpiryMonths === undefined) return [];
    const latest = addMonths(todayIn(settings.timeZone, now), settings.maxExpiryMonths);
    if (dataset.expires <= latest) return [];
    const what = `expires may be at most ${settings.maxExpiryMonths} months ahead (${latest} today)`;
    const fix = `Write the paperwork's end or review date if it is earlier, else at most expires: ${latest}, and renew before then.`;
    return [expiresIssue(dataset, this.id, "error", what, fix)];
  },
};
