import { addMonths, todayIn } from "../expiry";
import { datasetIssue, type ExpiryRule } from "../expiryRules";
import { message } from "../message";

export const expiresWithin: ExpiryRule = {
  id: "expires-within",
  description:
    "With max_expiry_months in the settings, expires is at most that many months after today, so access is reviewed at least that often.",
  check(dataset, { settings, now }) {
    if (dataset.expires === undefined || settings.maxExpiryMonths === undefined) return [];
    const latest = addMonths(todayIn(settings.timeZone, now), settings.maxExpiryMonths);
    if (dataset.expires <= latest) return [];
    const what = `expires may be at most ${settings.maxExpiryMonths} months ahead (${latest} today)`;
    const fix = `Write the paperwork's end or review date if it is earlier, else at most expires: ${latest}, and renew before then.`;
    return [
      datasetIssue(
        dataset,
        dataset.source.expires,
        this.id,
        "error",
        message(what, `expires: ${dataset.expires}`, fix),
      ),
    ];
  },
};
