import { hasExpired } from "../expiry";
import type { ExpiryRule } from "../expiryRules";
import { expiresIssue } from "./expiresIssue";
import { renewal } from "./renewal";

export const expiresPassed: ExpiryRule = {
  id: "expires-passed",
  severity: "error",
  description:
    "The last day has passed: access has already ended (every grant carries an `aws:CurrentTime` condition), and the file must be removed (the daily pull request proposes it) or renewed. `plan`, `synth` and deployment still work meanwhile, and grant nothing for it.",
  check(dataset, { settings, now }) {
    if (dataset.expires === undefined || !hasExpired(dataset.expires, settings.timeZone, now)) return [];
    const what = `access to ${dataset.kind} dataset ${dataset.name} ended after ${dataset.expires} (${settings.timeZone})`;
    const fix = `Remove ${dataset.file} (the daily pull request proposes it; buckets and delivered data are kept), or: ${renewal(dataset)}`;
    return [expiresIssue(dataset, this.id, "error", what, fix)];
  },
};
