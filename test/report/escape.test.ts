import MarkdownIt from "markdown-it";
import { describe, expect, it } from "vitest";
import {
  annotationData,
  annotationProperty,
  codeBlock,
  inertJson,
  markdownCode,
  markdownLink,
  markdownText,
  markdownTextWithLinks,
  mermaidLabel,
  visible,
  visibleLines,
} from "../../src/report/escape";

const md = new MarkdownIt("commonmark", { html: true });
// The text a reader sees: render, then undo the renderer's own HTML escaping.
const rendered = (markdown: string) =>
  md
    .renderInline(markdown)
    .replace(/<\/?code>/g, "")
    .replaceAll("&lt;", "<")
    .replaceAll("&gt;", ">")
    .replaceAll("&quot;", '"')
    .replaceAll("&amp;", "&");

describe("visible", () => {
  it.each([
    ["right-to-left override", "a\u202Eb", "a<U+202E>b"],
    ["isolates", "\u2066x\u2069", "<U+2066>x<U+2069>"],
    ["zero-width space", "a\u200Bb", "a<U+200B>b"],
    ["byte order mark", "\uFEFFa", "<U+FEFF>a"],
    ["escape sequence", "\u001b[31m", "<U+001B>[31m"],
    ["C1 control", "a\u0085b", "a<U+0085>b"],
    ["line break", "a\nb", "a<U+000A>b"],
    ["plain text", "alpha_user_SullivanJ123 é ü 日本", "alpha_user_SullivanJ123 é ü 日本"],
  ])("shows %s", (_, text, shown) => {
    expect(visible(text)).toBe(shown);
  });

  it("keeps line breaks when asked", () => {
    expect(visibleLines("a\n\u202Eb\r\nc\rd")).toBe("a\n<U+202E>b\r\nc<U+000D>d");
  });
});

/** What the runner reads back from an escaped workflow command's message or property (actions/toolkit's decoding). */
const decoded = (escaped: string) =>
  escaped
    .replaceAll("%0D", "\r")
    .replaceAll("%0A", "\n")
    .replaceAll("%3A", ":")
    .replaceAll("%2C", ",")
    .replaceAll("%25", "%");

describe("GitHub annotations", () => {
  it.each([
    ["a line break that starts a command", "x\n::warning::forged", "x%0A::warning::forged"],
    ["a carriage return", "x\r::error::forged", "x<U+000D>::error::forged"],
    ["an escape the runner would decode", "x%0A::warning::forged", "x%250A::warning::forged"],
    ["a stop-commands token", "::stop-commands::abc", "::stop-commands::abc"],
    ["a right-to-left override", "a\u202Eb", "a<U+202E>b"],
  ])("keep a message on its own line: %s", (_, text, escaped) => {
    const data = annotationData(text);
    expect(data).toBe(escaped);
    expect(data).not.toMatch(/[\r\n]/);
    // Read back, it is the text shown, never a second command: no line break survives.
    expect(decoded(data).split("\n")).toHaveLength(text.includes("\n") ? 2 : 1);
  });

  it("end no property early: ':' and ',' are encoded, the rest of a file name kept", () => {
    const file = "push_datasets/a,title=x::y%0A é.yaml";
    const property = annotationProperty(file);
    expect(property).not.toMatch(/[:,\r\n]/);
    expect(decoded(property)).toBe(file);
  });
});

describe("Markdown", () => {
  it.each([
    "<!-- hidden",
    "<details><summary>x</summary>",
    "*a* _b_ **c** ~~d~~ `e`",
    "[link](javascript:alert(1))",
    "&lt;&amp;&#60;",
    "\\*not escaped\\*",
    "# heading",
  ])("markdownText(%j) renders as exactly that text", (text) => {
    expect(rendered(markdownText(text))).toBe(text);
  });

  it.each(["plain", "`", "``a``", "a ` b", " padded ", "<!--", "```"])(
    "markdownCode(%j) renders as that code",
    (text) => {
      const html = md.renderInline(markdownCode(text));
      expect(html.startsWith("<code>")).toBe(true);
      expect(rendered(markdownCode(text))).toBe(text);
    },
  );

  it("links only plain https URLs", () => {
    expect(markdownLink("https://example.org/dpia?id=1")).toBe("<https://example.org/dpia?id=1>");
    expect(markdownLink("https://example.org/<!--")).toBe("https\\:\\/\\/example\\.org\\/\\<\\!\\-\\-");
    expect(markdownLink("javascript:alert(1)")).not.toContain("<javascript");
  });

  it.each([
    [
      "Data movement form (https://example.org/forms/12).",
      "Data movement form \\(<https://example.org/forms/12>\\)\\.",
    ],
    ["https://example.org/dpia", "<https://example.org/dpia>"],
    ["see https://example.org/a<!--b", "see <https://example.org/a>\\<\\!\\-\\-b"],
    ["javascript:alert(1)", "javascript\\:alert\\(1\\)"],
    // Parentheses inside a URL (a SharePoint file, a Wikipedia page) belong to it; one around it does not.
    ["https://example.org/DPIA_(final).docx", "<https://example.org/DPIA_(final).docx>"],
    ["Form (https://example.org/a_(b)_c).", "Form \\(<https://example.org/a_(b)_c>\\)\\."],
    ["https://example.org/a)b", "<https://example.org/a>\\)b"],
  ])("markdownTextWithLinks(%j) links only the https URLs", (text, markdown) => {
    expect(markdownTextWithLinks(text)).toBe(markdown);
    expect(rendered(markdownTextWithLinks(text)).replace(/<a href="[^"]*">|<\/a>/g, "")).toBe(text);
  });

  it.each(["https://example.org/DPIA_(final).docx", "https://en.wikipedia.org/wiki/Data_(computing)"])(
    "links %j to the whole address a reviewer reads",
    (url) => {
      const hrefs = [...md.renderInline(markdownTextWithLinks(`see ${url}`)).matchAll(/<a href="([^"]*)">/g)];
      expect(hrefs.map((h) => h[1])).toEqual([url]);
    },
  );

  it("fences code with more backticks than it holds", () => {
    const block = codeBlock("diff", ["+ a", "````", "+ b"]);
    expect(block[0]).toBe("`````diff");
    const tokens = md.parse(block.join("\n"), {});
    expect(tokens).toHaveLength(1);
    expect(tokens[0]?.content).toBe("+ a\n````\n+ b\n");
  });
});

describe("mermaidLabel", () => {
  it.each([
    ['a"b', '"a#34;b"'],
    ["x]; click y", '"x#93;#59; click y"'],
    ["<b>", '"#60;b#62;"'],
    ["%%{init}%%", '"#37;#37;#123;init#125;#37;#37;"'],
    ["a\nb", '"a b"'],
    ["arn:aws:iam::123456789012:role/a-b_c.d@e", '"arn:aws:iam::123456789012:role/a-b_c.d@e"'],
  ])("quotes %j safely", (text, label) => {
    expect(mermaidLabel(text)).toBe(label);
  });
});

describe("inertJson", () => {
  // Raw in JSON.stringify's output: DEL, C1 controls (U+009B is a terminal's CSI), format and
  // bidirectional characters, the line and paragraph separators.
  const RAW = /[\u007f-\u009f\p{Cf}\p{Zl}\p{Zp}]/u;
  it.each([
    ["C1 CSI", "ds/a\u009b31mRED.csv"],
    ["DEL", "ds/a\u007fb.csv"],
    ["right-to-left override", "ds/bidi\u202eexe.csv"],
    ["line separator", "ds/a\u2028b.csv"],
    ["a tag character beyond the BMP", "ds/a\u{E0041}b.csv"],
    ["an escape and a newline (escaped by JSON already)", "ds/esc\u001b[2J\nx.csv"],
    ["plain unicode, kept as it is", "ds/ünïcødé ✓ 100%+a#b?c.csv"],
  ])("writes %s so that the JSON parses back to the same value, with no such character raw", (_, key) => {
    const json = inertJson({ key, nested: [key] });
    expect(JSON.parse(json)).toEqual({ key, nested: [key] });
    expect(json).not.toMatch(RAW);
    // Nothing else changes: text without such characters is JSON.stringify's, two-space indent.
    if (!RAW.test(key)) expect(json).toBe(JSON.stringify({ key, nested: [key] }, null, 2));
  });
});
