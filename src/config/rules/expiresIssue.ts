import type { Dataset } from "../dataset";
import { datasetIssue } from "../issue";
import type { Issue, Severity } from "../issue";
import { message } from "../message";

/** A finding about a dataset's end date: located at its expires value, which it quotes as found. */
export function expiresIssue(dataset: Dataset, rule: string, severity: Severity, what: string, fix: string): Issue {
  return datasetIssue(
    dataset,
    dataset.source.expires,
    rule,
    severity,
    message(what, `expires: ${dataset.expires}`, fix),
  );
}
