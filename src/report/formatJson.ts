import { tally, type PlanReport } from "./planReport";
import { takeOverRecords } from "./takeOverLines";

/**
 * The plan for tools: per dataset where it writes or reads (export prefix and target, or pull
 * bucket), each grant as principal, actions, resources, conditions and end, and the sentences beside
 * them; against a base, what each adds and removes, and the settings and other files changed.
 */
export function formatJson(report: PlanReport): string {
  const datasets = report.changes.map(({ change, access, added, removed, grantsAdded, grantsRemoved }) => {
    const { kind, name, file, paperwork, users, expires, expired, where, lines } = access;
    const { grants, receivingStatement, kmsKeyStatement } = access;
    return {
      kind,
      name,
      file,
      change,
      paperwork,
      users,
      // The last day of access, and whether the plan is past it (then `grants` is empty).
      ...(expires ? { expires, expired: expired ?? false } : {}),
      ...where,
      grants,
      sentences: lines,
      added,
      removed,
      // Without a base every grant is new: the lists would repeat `grants`.
      ...(report.base !== undefined ? { grantsAdded, grantsRemoved } : {}),
      ...(receivingStatement ? { receivingStatement } : {}),
      ...(kmsKeyStatement ? { kmsKeyStatement } : {}),
    };
  });
  const summary = { datasets: report.changes.length, ...tally(report.changes) };
  const takeOvers = takeOverRecords(report);
  return (
    JSON.stringify(
      { base: report.base ?? null, summary, repository: report.repository ?? null, takeOvers, datasets },
      null,
      2,
    ) + "\n"
  );
}
