import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { anchorsOf, markdownFindings } from "./markdownFindings";

const ROOT = join(import.meta.dirname, "../..");
const SKIP = new Set(["node_modules", ".git", "cdk.out", "reports", "coverage", ".scratch"]);

/** Every Markdown file of the repository, as paths relative to its root. */
function markdownFiles(dir = ROOT): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    SKIP.has(entry.name)
      ? []
      : entry.isDirectory()
        ? markdownFiles(join(dir, entry.name))
        : entry.name.endsWith(".md")
          ? [relative(ROOT, join(dir, entry.name))]
          : [],
  );
}

describe("every Markdown file renders as written", () => {
  const files = markdownFiles();
  it("finds the repository's Markdown files", () => {
    expect(files).toEqual(expect.arrayContaining(["README.md", "docs/local-platform.md", "docs/rules.md"]));
  });
  it.each(files)("%s: fences close, relative links and anchors exist", (file) => {
    const findings = markdownFindings(ROOT, file, readFileSync(join(ROOT, file), "utf8"));
    expect(findings.map((f) => `${f.file}:${f.line}: ${f.message}`)).toEqual([]);
  });
});

describe("the Markdown check", () => {
  const root = mkdtempSync(join(tmpdir(), "exports-md-"));
  writeFileSync(join(root, "other.md"), "# Other page\n\n## Step 2: run it\n\n## Step 2: run it\n");
  const check = (text: string) => markdownFindings(root, "page.md", text).map((f) => `${f.line}: ${f.message}`);

  it.each([
    ["a closed fence", "```sh\nnpm start\n```\n"],
    ["a longer fence holding a shorter one", "````md\n```sh\nls\n```\n````\n"],
    ["a link to a file", "[other](other.md)\n"],
    ["a link to a heading of another file", "[step](other.md#step-2-run-it) and [again](other.md#step-2-run-it-1)\n"],
    ["a link to a heading of the same file", "# Top\n\n[top](#top)\n"],
    ["an external link", "[aws](https://docs.aws.amazon.com/) <mailto:a@b.c>\n"],
  ])("accepts %s", (_, text) => {
    expect(check(text)).toEqual([]);
  });

  it.each([
    [
      "a closing fence with text after it",
      "```sh\nnpx exports plan\n``` Commit the file.\n\n## After\n\n```\n",
      ["3: a closing fence with text after it does not close the code block opened at line 1"],
    ],
    ["a fence never closed", "Text\n\n```sh\nnpm start\n", ["3: the code block opened here is never closed"]],
    [
      "a link to a missing file",
      "See [it](docs/missing.md).\n",
      ["1: the link docs/missing.md points at docs/missing.md"],
    ],
    ["a link to a missing anchor", "[x](other.md#step-3)\n", ["1: the link other.md#step-3 names the anchor #step-3"]],
    ["a missing anchor in the same file", "# Top\n\n[x](#bottom)\n", ["3: the link #bottom names the anchor #bottom"]],
    ["an image that is not there", "![diagram](flow.png)\n", ["1: the link flow.png points at flow.png"]],
  ])("reports %s", (_, text, expected) => {
    const found = check(text);
    expect(found).toHaveLength(expected.length);
    expected.forEach((e, i) => expect(found[i]).toContain(e));
  });

  it("makes anchors as GitHub does", () => {
    expect([...anchorsOf("# The local platform (`npm start`)\n## A, b & c\n## A, b & c\n")]).toEqual([
      "the-local-platform-npm-start",
      "a-b--c",
      "a-b--c-1",
    ]);
  });
});
