import { removedWhere, type LeftBehind } from "../config/takeOvers";
import type { DatasetChange } from "./changes";
import { and, type DatasetAccess } from "./datasetAccess";
import { shownChanges, type PlanReport } from "./planReport";

/** The heading of the plan's first lines when something left behind is taken over. */
export const TAKE_OVER_HEADING = "Takes over what a removed dataset left behind";

/** Everyone who can read a pull bucket once the plan is deployed: its users and its pull principals. */
export function readers(access: DatasetAccess): string[] {
  const where = access.where;
  if (!("bucket" in where)) return [];
  return [
    ...access.users,
    ...where.pullPrincipals,
    ...where.googleServiceAccounts.map((g) => `Google service account ${g.id}`),
    ...where.azureWorkloads.map((w) => `Azure workload ${w.objectId} of tenant ${w.tenant}`),
  ];
}

/** The removed dataset, its file and when it went. */
const removed = (from: LeftBehind) => `${from.name} (${from.file}) ${removedWhere(from)}`;

/**
 * One sentence on what `c` takes over, or undefined when it takes over nothing. A pull bucket is
 * adopted with its data by the deployment's --import-existing-resources, which imports any
 * existing resource of the template's static name whose DeletionPolicy is Retain (AWS
 * CloudFormation User Guide, "Import AWS resources into a CloudFormation stack automatically",
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/import-resources-automatically.html);
 * a push prefix's waiting files are re-queued by the sweep and sent to the new target. Decision
 * 0004 says why.
 */
export function takeOverSentence(c: DatasetChange): string | undefined {
  const from = c.takesOver;
  if (!from) return undefined;
  const { access } = c;
  const where = access.where;
  if ("bucket" in where)
    return `pull dataset ${access.name} takes over s3://${where.bucket}, kept with its data since ${removed(from)}; readable now by ${and(readers(access))}: the deployment adopts the bucket as it is (cdk deploy --import-existing-resources)`;
  const went = from.target ? `, and sent its files to s3://${from.target}` : "";
  // Back to the same team: the statement they saved names the old role's unique id (decision 0004).
  const again =
    from.target === where.target.bucket
      ? "; its mover role is made anew, so the receiving team must save its statement again, even if their policy seems to hold it"
      : "";
  return `push dataset ${access.name}: files still waiting under ${where.exportPrefix} will go to s3://${where.target.bucket}, since ${removed(from)}${went}${again}`;
}

/** The plan's first lines: one sentence per dataset the change adds onto what a removed one left. */
export function takeOverLines(report: PlanReport): string[] {
  return shownChanges(report).flatMap((c) => takeOverSentence(c) ?? []);
}

/**
 * The take-overs for tools, first in the JSON plan as in the others: the dataset, what it takes
 * over (the removed dataset, its file, the removing commit or null for this change), and who gets
 * it: a pull bucket's readers, or the target that a push prefix's waiting files go to.
 */
export function takeOverRecords(report: PlanReport) {
  return shownChanges(report).flatMap((c) => {
    const from = c.takesOver;
    if (!from) return [];
    const { kind, name, file, where } = c.access;
    const removed = { name: from.name, file: from.file, commit: from.commit ?? null };
    const what =
      "bucket" in where
        ? { bucket: where.bucket, readableBy: readers(c.access) }
        : { exportPrefix: where.exportPrefix, target: where.target.bucket, formerTarget: from.target ?? null };
    return [{ kind, name, file, removed, ...what, sentence: takeOverSentence(c) }];
  });
}
