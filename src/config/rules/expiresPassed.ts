import { hasExpired } from "../expiry";
import type { ExpiryRule } from "../expiryRules";
import { expiresIssue } from "./expiresIssue";
import { renewal } from "./renewal";

export const expiresPassed: ExpiryRule = {
  id: "expires-passed",
  description:
    "A dataset past its last day of access is an error until its file is removed or renewed; its access has already ended.",
  check(dataset, { settings, now }) {
    if (dataset.expires === undefined || !hasExpired(dataset.expires, settings.timeZone, now)) return [];
    const what = `access to ${dataset.kind} dataset ${dataset.name} ended after ${dataset.expires} (${settings.timeZone})`;
    const fix = `Remove ${dataset.file} (the daily pull request proposes it; buckets and delivered data are kept), or: ${renewal(dataset)}`;
    return [expiresIssue(dataset, this.id, "error", what, fix)];
  },
};
