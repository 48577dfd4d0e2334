import { formatJson } from "./formatJson";
import { formatMarkdown, type MarkdownOptions } from "./formatMarkdown";
import { formatText } from "./formatText";
import type { PlanFormat } from "./planFormats";
import type { PlanReport } from "./planReport";

export { PLAN_FORMATS, type PlanFormat } from "./planFormats";

/** Renders the plan for people (text), pull requests (Markdown) or tools (JSON). */
export function formatPlan(report: PlanReport, format: PlanFormat, options: MarkdownOptions = {}): string {
  if (format === "markdown") return formatMarkdown(report, options);
  return format === "json" ? formatJson(report) : formatText(report);
}
