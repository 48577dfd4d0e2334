import type { ExpiryRule } from "../expiryRules";
import { datasetIssue } from "../issue";
import { message } from "../message";

export const expiresRequired: ExpiryRule = {
  id: "expires-required",
  severity: "error",
  description:
    "With `require_expires: true` in the settings, a new dataset gives `expires` and `paperwork`. New means not in the base: `exports validate --base origin/main` (the plan workflow passes it). Without `--base`, no file counts as new, so files already merged are left alone.",
  check(dataset, { settings, isNew }) {
    if (!settings.requireExpires || !isNew) return [];
    const missing = [
      ...(dataset.expires === undefined ? ["expires"] : []),
      ...(dataset.paperwork === undefined ? ["paperwork"] : []),
    ];
    if (missing.length === 0) return [];
    const what = `a new dataset must say when its access ends and which paperwork allows it`;
    const fix = `Add ${missing.map((k) => (k === "expires" ? "expires: <the agreement's last day, YYYY-MM-DD>" : "paperwork: <a link to the agreement or DPIA>")).join(" and ")}.`;
    return [datasetIssue(dataset, undefined, this.id, "error", message(what, `no ${missing.join(" and no ")}`, fix))];
  },
};
