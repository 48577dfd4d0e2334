import type { ExpiryRule } from "../expiryRules";
import { datasetIssue } from "../issue";
import { message } from "../message";

export const expiresMissing: ExpiryRule = {
  id: "expires-missing",
  severity: "warning",
  description:
    "With `require_expires: true`, a dataset that is not new and has no `expires` is accepted, with a warning that its access lasts until its file is removed. Older files are never rewritten to add it: `exports migrate` leaves them alone, and warns of each file without `expires` under this rule, whatever `require_expires` says.",
  check(dataset, { settings, isNew }) {
    if (!settings.requireExpires || isNew || dataset.expires !== undefined) return [];
    const what = `${dataset.kind} dataset ${dataset.name} has no end date, so its access lasts until its file is removed`;
    const fix = `Add expires: <the last day of the agreement${dataset.paperwork ? "" : ", and paperwork: <a link to it>"}> when the agreement is next reviewed.`;
    return [datasetIssue(dataset, undefined, this.id, "warning", message(what, "no expires", fix))];
  },
};
