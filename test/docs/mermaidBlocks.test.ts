import { readFileSync } from "node:fs";
import { join } from "node:path";
import { JSDOM } from "jsdom";
import { beforeAll, describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "../..");
const PAGES = ["docs/architecture.md"];

/** The Mermaid blocks of a Markdown page. */
const blocks = (text: string) => [...text.matchAll(/^```mermaid\n([\s\S]*?)^```$/gm)].map((m) => m[1] ?? "");

// Mermaid itself, as GitHub runs it, parses each diagram; it needs a DOM for its sanitizer.
let parse: (text: string) => Promise<{ getVertices(): Map<string, unknown>; getEdges(): unknown[] }>;
beforeAll(async () => {
  const { window } = new JSDOM("<!doctype html><html><body></body></html>");
  Object.assign(globalThis, { window, document: window.document });
  const { default: mermaid } = await import("mermaid");
  mermaid.initialize({ startOnLoad: false, securityLevel: "strict" });
  parse = async (text) =>
    (await mermaid.mermaidAPI.getDiagramFromText(text)).db as unknown as Awaited<ReturnType<typeof parse>>;
}, 60_000);

describe("the docs' Mermaid pictures", () => {
  it.each(PAGES)("%s: each picture parses, with a node per box and an edge per arrow", async (page) => {
    const found = blocks(readFileSync(join(ROOT, page), "utf8"));
    expect(found.length).toBeGreaterThan(0);
    for (const diagram of found) {
      const db = await parse(diagram);
      const arrows = diagram.split("\n").filter((l) => l.includes("-->")).length;
      expect(db.getEdges()).toHaveLength(arrows);
      expect(db.getVertices().size).toBeGreaterThan(5);
    }
  });
});
