import { visible } from "./escape";
import { NO_PAPERWORK, REMOVED_NOTE, counts, datasetCount, shownChanges, type PlanReport } from "./planReport";
import { TAKE_OVER_HEADING, takeOverLines } from "./takeOverLines";
import type { DatasetChange } from "./changes";

function block(c: DatasetChange, base: string | undefined): string[] {
  const { change, access, added, removed } = c;
  const head = `${access.kind} dataset ${visible(access.name)} (${visible(access.file)})${base ? `: ${change}` : ""}`;
  const sign = (s: string) => (base ? s : "");
  const lines =
    change === "changed"
      ? [...removed.map((l) => `  - ${l}`), ...added.map((l) => `  + ${l}`)]
      : (change === "removed" ? removed : added).map((l) => `  ${sign(change === "removed" ? "- " : "+ ")}${l}`);
  // Absence is shown too: a reviewer must see that no agreement was named.
  const paperwork = `  paperwork: ${access.paperwork.length > 0 ? access.paperwork.join("; ") : NO_PAPERWORK}`;
  const note = change === "removed" ? [`  (${REMOVED_NOTE})`] : [];
  const statement =
    access.receivingStatement && change !== "removed"
      ? [
          `  receiving bucket policy statement:`,
          ...JSON.stringify(access.receivingStatement, null, 2)
            .split("\n")
            .map((l) => `    ${l}`),
          ...(access.kmsKeyStatement
            ? [
                `  KMS key policy statement:`,
                ...JSON.stringify(access.kmsKeyStatement, null, 2)
                  .split("\n")
                  .map((l) => `    ${l}`),
              ]
            : []),
        ]
      : [];
  return [head, visible(paperwork), ...lines.map(visible), ...note, ...statement.map(visible)];
}

function repositoryBlocks(report: PlanReport): string[][] {
  const repo = report.repository;
  if (!repo) return [];
  const blocks: string[][] = [];
  if (repo.settingsFileChanged || repo.settings.length > 0) {
    blocks.push([
      "settings changed (affects every dataset; needs a maintainer's review)",
      ...repo.settings.map((s) => `  ${s.key}: ${visible(s.before)} -> ${visible(s.after)}`),
      ...(repo.settings.length === 0 ? ["  no value changes (comments or layout only)"] : []),
    ]);
  }
  if (repo.otherFiles.length > 0) {
    blocks.push([
      "other files changed (code, workflows or docs; need a maintainer's review)",
      ...repo.otherFiles.map((f) => `  ${visible(f)}`),
    ]);
  }
  return blocks;
}

/** The plan for a terminal: one block per dataset, every user-supplied string with invisible characters shown. */
export function formatText(report: PlanReport): string {
  const { base } = report;
  const takeOvers = takeOverLines(report);
  // What is taken over comes first: it is what a reviewer must not miss.
  const first = takeOvers.length > 0 ? [[`${TAKE_OVER_HEADING}:`, ...takeOvers.map((l) => `  ! ${visible(l)}`)]] : [];
  const blocks = [...first, ...repositoryBlocks(report), ...shownChanges(report).map((c) => block(c, base))];
  const summary = base ? `against ${visible(base)}: ${counts(report.changes)}` : datasetCount(report.changes);
  return [...blocks.map((b) => b.join("\n")), `Plan: ${summary}.`].join("\n\n") + "\n";
}
