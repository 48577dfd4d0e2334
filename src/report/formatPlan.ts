import { formatJson } from "./formatJson";
import { formatMarkdown, type MarkdownOptions } from "./formatMarkdown";
import { formatText } from "./formatText";
import type { PlanReport } from "./planReport";

export const PLAN_FORMATS = ["text", "markdown", "json"] as const;
export type PlanFormat = (typeof PLAN_FORMATS)[number];

/** Renders the plan for people (text), pull requests (Markdown) or tools (JSON). */
export function formatPlan(report: PlanReport, format: PlanFormat, options: MarkdownOptions = {}): string {
  if (format === "markdown") return formatMarkdown(report, options);
  return format === "json" ? formatJson(report) : formatText(report);
}
