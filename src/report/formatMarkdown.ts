import { accessDiagram } from "./accessDiagram";
import type { DatasetChange } from "./changes";
import { codeBlock, markdownCode, markdownLink, markdownText, markdownTextWithLinks } from "./escape";
import { NO_PAPERWORK, REMOVED_NOTE, counts, datasetCount, shownChanges, type PlanReport } from "./planReport";
import { TAKE_OVER_HEADING, takeOverLines } from "./takeOverLines";

/** The first line of every plan comment: the workflow finds its earlier comment by it. */
export const COMMENT_MARKER = "<!-- data-exports plan -->";
/** GitHub refuses an issue or pull-request comment longer than this. */
export const GITHUB_COMMENT_LIMIT = 65_536;

export interface MarkdownOptions {
  /** Longest comment to write; past it the comment summarises and points at the full plan. */
  maxLength?: number;
  /** Where the full plan can be read (the workflow run's artifact), linked from a summary. */
  fullPlanUrl?: string;
}

/** Other changed files listed by name; a change touching more is summarised. */
const MAX_FILES_LISTED = 50;

const ICON = { added: "➕", removed: "➖", changed: "✏️", unchanged: "" } as const;

function heading(report: PlanReport): string[] {
  const summary = report.base
    ? `Against ${markdownCode(report.base)}: ${counts(report.changes)}.`
    : `${datasetCount(report.changes)}.`;
  return [COMMENT_MARKER, "### Data exports: what this change grants", "", summary, ...takeOverCallout(report)];
}

/** The take-overs as a callout right under the counts, in the full comment and in its summary alike. */
function takeOverCallout(report: PlanReport): string[] {
  const lines = takeOverLines(report);
  if (lines.length === 0) return [];
  const sentence = (l: string) => markdownText(l.charAt(0).toUpperCase() + l.slice(1));
  return ["", "> [!WARNING]", `> **${TAKE_OVER_HEADING}.**`, ...lines.map((l) => `> - ${sentence(l)}.`)];
}

function repositorySection(report: PlanReport): string[] {
  const repo = report.repository;
  if (!repo) return [];
  const out: string[] = [];
  if (repo.settingsFileChanged || repo.settings.length > 0) {
    out.push(
      "",
      "#### ⚠️ Settings change",
      "",
      "This changes what every dataset gets; a maintainer must review it.",
      "",
    );
    for (const s of repo.settings) out.push(`- \`${s.key}\`: ${markdownCode(s.before)} → ${markdownCode(s.after)}`);
    if (repo.settings.length === 0) out.push("- The settings file changes, but no value does (comments or layout).");
  }
  if (repo.otherFiles.length > 0) {
    out.push(
      "",
      "#### ⚠️ Other files change",
      "",
      "Code, workflows or docs change; a maintainer must review them.",
      "",
    );
    for (const f of repo.otherFiles.slice(0, MAX_FILES_LISTED)) out.push(`- ${markdownCode(f)}`);
    const more = repo.otherFiles.length - MAX_FILES_LISTED;
    if (more > 0) out.push(`- …and ${more} more (\`git diff --name-only\` lists them all).`);
  }
  return out;
}

// Absence is shown too: a reviewer must see that no agreement was named.
const paperwork = (refs: readonly string[]) =>
  ` · paperwork: ${refs.length === 0 ? `_${NO_PAPERWORK}_` : refs.map(markdownTextWithLinks).join("; ")}`;

function datasetSection(c: DatasetChange): string[] {
  const { change, access, added, removed } = c;
  const out = [
    "",
    `#### ${ICON[change]} ${access.kind} dataset ${markdownCode(access.name)} (${change})`,
    "",
    `File: ${markdownCode(access.file)}${paperwork(access.paperwork)}`,
    "",
    ...codeBlock("diff", [...removed.map((l) => `- ${l}`), ...added.map((l) => `+ ${l}`)]),
  ];
  if (change === "removed") out.push("", `_${REMOVED_NOTE}._`);
  if (access.receivingStatement && change !== "removed") {
    out.push(
      "",
      "The owner of the receiving bucket adds this statement to its bucket policy:",
      "",
      ...codeBlock("json", JSON.stringify(access.receivingStatement, null, 2).split("\n")),
    );
    if (access.kmsKeyStatement)
      out.push(
        "",
        "Its bucket demands SSE-KMS with its own key, so the key's owner adds this statement to the key policy:",
        "",
        ...codeBlock("json", JSON.stringify(access.kmsKeyStatement, null, 2).split("\n")),
      );
  }
  return out;
}

function full(report: PlanReport): string {
  const shown = shownChanges(report);
  const diagram = accessDiagram(shown);
  const out = [...heading(report), ...repositorySection(report)];
  if (diagram.length > 0) out.push("", "#### Who may write and read where", "", ...diagram);
  if (shown.length === 0) out.push("", "No dataset's access changes.");
  for (const change of shown) out.push(...datasetSection(change));
  return out.join("\n") + "\n";
}

/**
 * The comment when the full plan is too long: the counts, the settings and other-file warnings,
 * one line per dataset while they fit, and where to read everything.
 */
function summary(
  report: PlanReport,
  length: number,
  options: Required<Pick<MarkdownOptions, "maxLength">> & MarkdownOptions,
): string {
  const where = options.fullPlanUrl
    ? `The full plan is here: ${markdownLink(options.fullPlanUrl)}.`
    : "The full plan is in this workflow run's artifacts, or run `npx exports plan --base <ref>` locally.";
  const out = [
    ...heading(report),
    "",
    `**This is a summary.** The full plan is ${length} characters, more than a comment holds (${options.maxLength}). ${where} Review it before approving.`,
    ...repositorySection(report),
    "",
    "#### Datasets",
    "",
  ];
  const shown = shownChanges(report);
  const line = (c: DatasetChange) =>
    `- ${ICON[c.change]} ${c.access.kind} dataset ${markdownCode(c.access.name)} (${c.change}): ${c.added.length} lines added, ${c.removed.length} removed`;
  // The tail (the "…and N more" line) needs room too.
  let used = out.join("\n").length + 200;
  let listed = 0;
  for (const c of shown) {
    const next = line(c);
    if (used + next.length + 1 > options.maxLength) break;
    out.push(next);
    used += next.length + 1;
    listed++;
  }
  if (listed < shown.length) out.push(`- …and ${shown.length - listed} more datasets, in the full plan.`);
  const text = out.join("\n") + "\n";
  return text.length <= options.maxLength ? text : `${heading(report).join("\n")}\n\n${where}\n`;
}

/** The plan as a pull-request comment: every user-supplied string escaped or code-quoted, never longer than `maxLength`. */
export function formatMarkdown(report: PlanReport, options: MarkdownOptions = {}): string {
  const text = full(report);
  if (options.maxLength === undefined || text.length <= options.maxLength) return text;
  return summary(report, text.length, { ...options, maxLength: options.maxLength });
}
