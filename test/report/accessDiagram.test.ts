import { describe, expect, it } from "vitest";
import { buildPlan } from "../../src/plan/plan";
import { DIAGRAM_KEY, MAX_DIAGRAM_DATASETS, accessDiagram } from "../../src/report/accessDiagram";
import { compareAccess } from "../../src/report/changes";
import { datasetAccess } from "../../src/report/datasetAccess";
import { configOf } from "../synth";

const users = ["alpha_user_jane-okafor", "alpha_user_tomasz_w", "alpha_user_priya-n", "alpha_user_sam-adeyemi"];

/** `count` datasets, half push and half pull, sharing four users, as one change would add them. */
function change(count: number) {
  const texts = Array.from({ length: count }, (_, i) => {
    const name = `dataset_${String(i).padStart(2, "0")}`;
    const named = [users[i % 4], users[(i + 1) % 4]].map((u) => `  - ${u}`).join("\n");
    return i % 2 === 0
      ? {
          kind: "push" as const,
          path: `push_datasets/${name}.yaml`,
          text: `name: ${name}\nbucket: receiving-${i}\nusers:\n${named}\n`,
        }
      : {
          kind: "pull" as const,
          path: `pull_datasets/${name}.yaml`,
          text: `name: ${name}\npull_arns:\n  - arn:aws:iam::111122223333:role/reader-${i}\nusers:\n${named}\nallow_push: ${i % 4 === 1}\n`,
        };
  });
  return compareAccess(datasetAccess(buildPlan(configOf(texts)).value), []);
}

describe("the access diagram", () => {
  it("draws 20 datasets with one node per user, and one path per grant", () => {
    const lines = accessDiagram(change(20));
    expect(lines[0]).toBe("```mermaid");
    const body = lines.slice(2, lines.indexOf("```", 1));
    expect(lines.at(-1)).toBe(DIAGRAM_KEY);
    for (const user of users) expect(body.filter((l) => l.includes(`(["${user}"])`))).toHaveLength(1);
    const isEdge = (l: string) => / (?:-->|-\.->)/.test(l);
    const nodes = body.filter((l) => !isEdge(l));
    // 10 push datasets × (prefix, mover role, target), 10 pull buckets and their principals, 4 users.
    expect(nodes).toHaveLength(10 * 3 + 10 * 2 + 4);
    const edges = body.filter(isEdge);
    expect(edges).toHaveLength(10 * (2 + 2) + 10 * (2 + 1));
    expect(edges.filter((l) => /^ {2}u\d+ --> p\d+$/.test(l))).toHaveLength(20);
    expect(edges.filter((l) => /^ {2}u\d+ --> b\d+$/.test(l))).toHaveLength(20);
    expect(edges.filter((l) => /^ {2}a\d+ -\.->\|read, write\| b\d+$/.test(l))).toHaveLength(5);
    expect(edges.filter((l) => /^ {2}a\d+ -\.->\|read\| b\d+$/.test(l))).toHaveLength(5);
  });

  it("draws nothing when no dataset is added or changed, and says why past its limit", () => {
    expect(accessDiagram([])).toEqual([]);
    expect(accessDiagram(change(MAX_DIAGRAM_DATASETS + 1))).toEqual([
      `_No diagram: ${MAX_DIAGRAM_DATASETS + 1} datasets change, more than the ${MAX_DIAGRAM_DATASETS} a diagram shows readably; every grant is listed below._`,
    ]);
  });
});
