import type { Config } from "../../config/config";
import { compareIssues, type Issue, type Validated } from "../../config/issue";
import { annotationData, annotationProperty, visible, visibleLines } from "../../report/escape";

export const FORMATS = ["text", "json", "github"] as const;
export type Format = (typeof FORMATS)[number];

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** Human output: one block per issue, `file:line:column`, severity, message, rule; then a summary. */
function text(result: Validated<Config>): string {
  const issues = [...result.errors, ...result.warnings].sort(compareIssues);
  const lines = issues.map(
    (i) =>
      `${visible(i.file)}:${i.line}:${i.column}: ${i.severity} ${visibleLines(i.message).replaceAll("\n", "\n    ")} [${i.rule}]`,
  );
  const { push, pull } = result.value;
  const counted = `${plural(push.length, "push dataset")} and ${plural(pull.length, "pull dataset")} valid`;
  const summary =
    result.errors.length > 0
      ? `✖ ${plural(result.errors.length, "error")}, ${plural(result.warnings.length, "warning")}; ${counted}`
      : `✔ ${counted}${result.warnings.length > 0 ? `, ${plural(result.warnings.length, "warning")}` : ""}`;
  return [...lines, ...(lines.length > 0 ? [""] : []), summary].join("\n") + "\n";
}

const item = ({ file, line, column, rule, message }: Issue) => ({ file, line, column, rule, message });

/** Machine output: `{"errors":[…],"warnings":[…]}`, each item `{file,line,column,rule,message}`. */
function json(result: Validated<Config>): string {
  return JSON.stringify({ errors: result.errors.map(item), warnings: result.warnings.map(item) }, null, 2) + "\n";
}

/**
 * GitHub Actions annotations, which show each issue inline on the pull request's file and line.
 * The file stays as it is (GitHub matches it to the diff); the message shows invisible characters.
 */
function github(result: Validated<Config>): string {
  const line = (i: Issue) =>
    `::${i.severity} file=${annotationProperty(i.file)},line=${i.line},col=${i.column},title=${annotationProperty(i.rule)}::${annotationData(i.message)}`;
  return [...result.errors, ...result.warnings].map((i) => `${line(i)}\n`).join("");
}

/** Renders a validation result in the chosen format. */
export function formatResult(result: Validated<Config>, format: Format): string {
  return { text, json, github }[format](result);
}
