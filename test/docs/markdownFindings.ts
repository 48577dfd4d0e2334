import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import MarkdownIt, { type Token } from "markdown-it";

/**
 * GitHub renders Markdown as CommonMark plus tables and strikethrough (GFM); markdown-it's
 * CommonMark preset with those two rules parses fences and links the same way.
 */
const md = new MarkdownIt("commonmark").enable(["table", "strikethrough"]);

/** A problem in a Markdown file that makes it render differently from what its author wrote. */
export interface Finding {
  file: string;
  line: number;
  message: string;
}

/**
 * GitHub's heading anchors: lower case, punctuation dropped (letters, digits, `_`, `-` and
 * spaces kept), each space a hyphen; a repeated heading gets `-1`, `-2`, ….
 */
export function anchorsOf(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  const tokens = md.parse(markdown, {});
  tokens.forEach((token, i) => {
    if (token.type !== "heading_open") return;
    const text = (tokens[i + 1]?.children ?? [])
      .filter((c) => c.type === "text" || c.type === "code_inline")
      .map((c) => c.content)
      .join("");
    const base = text
      .trim()
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, "")
      .replace(/\s/g, "-");
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    anchors.add(n === 0 ? base : `${base}-${n}`);
  });
  return anchors;
}

/** Fences that do not close where their author meant: never closed, or "closed" by a line with text after the fence. */
function fenceFindings(file: string, lines: string[], token: Token): Finding[] {
  const [start, end] = token.map ?? [0, 0];
  const char = token.markup[0] ?? "`";
  const length = token.markup.length;
  const closer = new RegExp(`^ {0,3}\\${char}{${length},}[ \\t]*$`);
  const closerWithText = new RegExp(`^ {0,3}\\${char}{${length},}[ \\t]*[^ \\t${char}]`);
  const findings: Finding[] = [];
  // Inside the fence, a line that starts like its closing fence but carries text does not close it.
  for (let i = start + 1; i < end; i++) {
    if (closerWithText.test(lines[i] ?? ""))
      findings.push({
        file,
        line: i + 1,
        message: `a closing fence with text after it does not close the code block opened at line ${start + 1}: put the text on its own line`,
      });
  }
  if (!closer.test(lines[end - 1] ?? "") || end - 1 === start)
    findings.push({
      file,
      line: start + 1,
      message: `the code block opened here is never closed (add a line with ${token.markup})`,
    });
  return findings;
}

/** Relative links and images whose file, or whose anchor in a Markdown file, does not exist. */
function linkFindings(root: string, file: string, markdown: string, token: Token): Finding[] {
  const findings: Finding[] = [];
  for (const child of token.children ?? []) {
    const attribute = child.type === "link_open" ? "href" : child.type === "image" ? "src" : undefined;
    const href = attribute ? String(child.attrGet(attribute) ?? "") : null;
    if (href === null || /^[a-z][a-z0-9+.-]*:|^\/\//i.test(href)) continue;
    const line = (token.map?.[0] ?? 0) + 1;
    const [path = "", anchor] = href.split("#", 2);
    const decoded = decodeURIComponent(path);
    const target =
      decoded === ""
        ? join(root, file)
        : decoded.startsWith("/")
          ? join(root, decoded)
          : join(root, dirname(file), decoded);
    if (decoded !== "" && !existsSync(target)) {
      findings.push({
        file,
        line,
        message: `the link ${href} points at ${relative(root, target)}, which does not exist`,
      });
      continue;
    }
    if (!anchor || (decoded !== "" && (statSync(target).isDirectory() || !target.endsWith(".md")))) continue;
    const text = decoded === "" ? markdown : readFileSync(target, "utf8");
    if (!anchorsOf(text).has(decodeURIComponent(anchor)))
      findings.push({
        file,
        line,
        message: `the link ${href} names the anchor #${anchor}, which no heading of ${relative(root, target)} makes`,
      });
  }
  return findings;
}

/** Everything in one Markdown file (a path relative to `root`) that renders differently from what was meant. */
export function markdownFindings(root: string, file: string, markdown: string): Finding[] {
  const lines = markdown.split("\n");
  return md
    .parse(markdown, {})
    .flatMap((token) =>
      token.type === "fence"
        ? fenceFindings(file, lines, token)
        : token.type === "inline"
          ? linkFindings(root, file, markdown, token)
          : [],
    );
}
