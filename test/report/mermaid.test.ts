import { JSDOM } from "jsdom";
import { beforeAll, describe, expect, it } from "vitest";
import { buildPlan } from "../../src/plan/plan";
import { accessDiagram } from "../../src/report/accessDiagram";
import { compareAccess } from "../../src/report/changes";
import { datasetAccess } from "../../src/report/datasetAccess";
import { visible } from "../../src/report/escape";
import { hostileConfig } from "./hostile";

interface Vertex {
  id: string;
  text: string;
  link?: string;
}
interface FlowDb {
  getVertices(): Map<string, Vertex>;
  getEdges(): unknown[];
  getSubGraphs(): unknown[];
  getTooltip(id: string): string | undefined;
}

// Mermaid itself, as GitHub runs it, parses the diagram; it needs a DOM for its sanitizer.
let parse: (text: string) => Promise<FlowDb>;
beforeAll(async () => {
  const { window } = new JSDOM("<!doctype html><html><body></body></html>");
  Object.assign(globalThis, { window, document: window.document });
  const { default: mermaid } = await import("mermaid");
  mermaid.initialize({ startOnLoad: false, securityLevel: "strict" });
  parse = async (text) => (await mermaid.mermaidAPI.getDiagramFromText(text)).db as unknown as FlowDb;
}, 60_000);

// Mermaid keeps `#60;` as a placeholder until it draws; this is what the reader then sees.
const drawn = (text: string) => text.replace(/ﬂ°°(\d+)¶ß/g, (_, code: string) => String.fromCodePoint(Number(code)));

describe("the access diagram, parsed by Mermaid", () => {
  it("keeps every hostile name inside its own node: nothing breaks out, links or adds statements", async () => {
    const changes = compareAccess(datasetAccess(buildPlan(hostileConfig()).value), undefined);
    const diagram = accessDiagram(changes);
    const lines = diagram.slice(1, diagram.indexOf("```", 1));
    const db = await parse(lines.join("\n"));
    const nodes = lines.filter((l) => /^ {2}[a-z]\d+[[({>]/.test(l));
    const edges = lines.filter((l) => / (?:-->|-\.->)/.test(l));
    const vertices = [...db.getVertices().values()];
    expect(vertices.map((v) => v.id)).toEqual(nodes.map((l) => l.trim().split(/[[({>]/)[0]));
    expect(db.getEdges()).toHaveLength(edges.length);
    expect(db.getSubGraphs()).toEqual([]);
    for (const v of vertices) {
      expect(v.link).toBeUndefined();
      expect(db.getTooltip(v.id)).toBeUndefined();
    }
    const labels = new Set(vertices.map((v) => drawn(v.text)));
    for (const user of changes.flatMap((c) => c.access.users))
      expect(labels).toContain(visible(user.replace(/[\r\n\t]+/g, " ")));
  }, 60_000);
});
