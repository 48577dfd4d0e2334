import { datasetIssue, type ExpiryRule } from "../expiryRules";
import { message } from "../message";

export const expiresMissing: ExpiryRule = {
  id: "expires-missing",
  description:
    "With require_expires: true, a dataset already in the base without expires is accepted with a warning: its access lasts until its file is removed.",
  check(dataset, { settings, isNew }) {
    if (!settings.requireExpires || isNew || dataset.expires !== undefined) return [];
    const what = `${dataset.kind} dataset ${dataset.name} has no end date, so its access lasts until its file is removed`;
    const fix = `Add expires: <the last day of the agreement${dataset.paperwork ? "" : ", and paperwork: <a link to it>"}> when the agreement is next reviewed.`;
    return [datasetIssue(dataset, undefined, this.id, "warning", message(what, "no expires", fix))];
  },
};
