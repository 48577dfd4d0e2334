import MarkdownIt, { type Token } from "markdown-it";
import { describe, expect, it } from "vitest";
import { buildPlan } from "../../src/plan/plan";
import { compareAccess } from "../../src/report/changes";
import { datasetAccess } from "../../src/report/datasetAccess";
import { visible } from "../../src/report/escape";
import { COMMENT_MARKER, GITHUB_COMMENT_LIMIT, formatMarkdown } from "../../src/report/formatMarkdown";
import { formatText } from "../../src/report/formatText";
import type { PlanReport } from "../../src/report/planReport";
import { HOSTILE, hostileConfig } from "./hostile";

// GitHub renders comments as CommonMark with raw HTML allowed (then sanitised): html: true is the
// hostile case, where a stray <!-- or <details> would hide what follows.
const md = new MarkdownIt("commonmark", { html: true });

const flat = (tokens: Token[]): Token[] => tokens.flatMap((t) => [t, ...flat(t.children ?? [])]);

function report(): PlanReport {
  const access = datasetAccess(buildPlan(hostileConfig()).value);
  return { changes: compareAccess(access, undefined) };
}

describe("the plan comment, rendered by a CommonMark renderer", () => {
  const plan = report();
  const markdown = formatMarkdown(plan);
  const tokens = flat(md.parse(markdown, {}));

  it("passes no raw HTML through but its own marker", () => {
    const html = tokens.filter((t) => t.type === "html_block" || t.type === "html_inline").map((t) => t.content);
    expect(html).toEqual([`${COMMENT_MARKER}\n`]);
    const rendered = md.render(markdown);
    expect(rendered).not.toMatch(/<(script|details|summary|img)\b/);
    expect(rendered.match(/<!--/g)).toHaveLength(1);
  });

  it("shows every grant sentence of every dataset inside a diff block", () => {
    const diffLines = new Set(
      tokens.filter((t) => t.type === "fence" && t.info === "diff").flatMap((t) => t.content.split("\n")),
    );
    const sentences = plan.changes.flatMap((c) => c.access.lines);
    expect(sentences.length).toBeGreaterThan(HOSTILE.length * 2);
    for (const line of sentences) expect(diffLines).toContain(`+ ${visible(line)}`);
  });

  it("gives every dataset its own heading, and shows its file and paperwork as text", () => {
    const headings = tokens.filter((t) => t.type === "heading_open" && t.tag === "h4");
    expect(headings).toHaveLength(plan.changes.length + 1); // and the diagram's
    const text = tokens
      .filter((t) => t.type === "text" || t.type === "code_inline")
      .map((t) => t.content)
      .join("");
    for (const hostile of HOSTILE) {
      const shown = visible(hostile.replace(/[\r\n\t]+/g, " "));
      expect(text).toContain(shown);
      expect(text).toContain(`${shown}.yaml`);
    }
  });

  it("keeps every receiving-bucket statement whole, in a JSON block", () => {
    const json = tokens.filter((t) => t.type === "fence" && t.info === "json").map((t) => JSON.parse(t.content));
    const expected = plan.changes.flatMap((c) => (c.access.receivingStatement ? [c.access.receivingStatement] : []));
    expect(json).toEqual(expected);
  });

  it("draws a diagram whose every line is one of our node or edge statements", () => {
    const diagram = tokens.find((t) => t.type === "fence" && t.info === "mermaid")?.content ?? "";
    const lines = diagram.trimEnd().split("\n");
    expect(lines[0]).toBe("flowchart LR");
    const label = String.raw`"[A-Za-z0-9 _\-./:@,=+#;]*"`;
    const statement = new RegExp(
      `^  (?:[a-z]\\d+(?:\\(\\[${label}\\]\\)|\\[${label}\\]|\\{\\{${label}\\}\\}|\\[\\(${label}\\)\\]|>${label}\\])|[a-z]\\d+ (?:-->|-\\.->)(?:\\|[a-z ,]+\\|)? [a-z]\\d+)$`,
    );
    for (const line of lines.slice(1)) expect(line).toMatch(statement);
    // Every user appears, each once, however many datasets name them.
    for (const user of plan.changes.flatMap((c) => c.access.users)) {
      const encoded = [...visible(user.replace(/[\r\n\t]+/g, " "))]
        .map((c) => (/[A-Za-z0-9 _\-./:@,=+]/.test(c) ? c : `#${c.codePointAt(0)};`))
        .join("");
      expect(lines.filter((l) => l.includes(`(["${encoded}"])`))).toHaveLength(1);
    }
  });

  it("holds no invisible or reordering character, in the comment or the terminal text", () => {
    const invisible = /(?!\n)[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;
    expect(markdown).not.toMatch(invisible);
    expect(formatText(plan)).not.toMatch(invisible);
    expect(formatText(plan)).toContain("<U+202E>evil<U+202C>");
  });
});

describe("a plan longer than a comment holds", () => {
  const big = (): PlanReport => {
    const config = hostileConfig();
    const template = config.push[0];
    if (!template) throw new Error("the hostile config has push datasets");
    const push = Array.from({ length: 1500 }, (_, i) => ({ ...template, name: `feed_${String(i).padStart(4, "0")}` }));
    const access = datasetAccess(buildPlan({ ...config, push }).value);
    return { changes: compareAccess(access, undefined) };
  };

  it("is summarised within GitHub's limit, with the counts and a link to the full plan", () => {
    const plan = big();
    expect(formatMarkdown(plan).length).toBeGreaterThan(GITHUB_COMMENT_LIMIT);
    const url = "https://github.com/org/repo/actions/runs/123/artifacts/456";
    const summary = formatMarkdown(plan, { maxLength: GITHUB_COMMENT_LIMIT, fullPlanUrl: url });
    expect(summary.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    expect(summary.startsWith(`${COMMENT_MARKER}\n`)).toBe(true);
    expect(summary).toContain(`${plan.changes.length} datasets.`);
    expect(summary).toContain(`The full plan is here: <${url}>.`);
    expect(summary).toMatch(/…and \d+ more datasets, in the full plan\./);
    const html = flat(md.parse(summary, {})).filter((t) => t.type === "html_block" || t.type === "html_inline");
    expect(html).toHaveLength(1);
  });

  it("does not link a full-plan address that is not a plain https URL", () => {
    const summary = formatMarkdown(big(), { maxLength: 5_000, fullPlanUrl: "javascript:alert(1)//<!--" });
    expect(summary.length).toBeLessThanOrEqual(5_000);
    expect(summary).toContain("javascript\\:alert\\(1\\)\\/\\/\\<\\!\\-\\-");
    expect(md.render(summary)).not.toContain('href="javascript');
  });

  it("stays whole when it fits", () => {
    const plan = report();
    expect(formatMarkdown(plan, { maxLength: GITHUB_COMMENT_LIMIT })).toBe(formatMarkdown(plan));
  });
});
