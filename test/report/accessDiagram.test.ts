import { describe, expect, it } from "vitest";
import { buildPlan } from "../../src/plan/plan";
import { MAX_DIAGRAM_DATASETS, PRINCIPAL_LINE, SHAPES, accessDiagram } from "../../src/report/accessDiagram";
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
    expect(lines.at(-1)).toBe(
      "_Platform users (rounded) write under an export prefix (box), or read, write and delete in a pull bucket (cylinder); the mover role (hexagon) takes each file to the receiving bucket (cylinder). Pull principals (flags, dotted lines) read a pull bucket, and write where the line says so._",
    );
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

/** The datasets of `texts`, as one change would add them. */
const adding = (texts: { kind: "push" | "pull"; path: string; text: string }[]) =>
  compareAccess(datasetAccess(buildPlan(configOf(texts)).value), []);
const push = {
  kind: "push" as const,
  path: "push_datasets/feed.yaml",
  text: "name: feed\nbucket: theirs\nusers:\n  - alpha_user_x\n",
};
const pull = (extra: string) => ({
  kind: "pull" as const,
  path: "pull_datasets/share.yaml",
  text: `name: share\nusers:\n  - alpha_user_x\n${extra}`,
});
const GOOGLE =
  'google_service_accounts:\n  - id: "104729384756102938475"\n    email: stats-reader@moj-analytics-prod.iam.gserviceaccount.com\n';
const AZURE =
  "azure_workloads:\n  - tenant: 3f2a9c1e-7b4d-4e8a-9c6f-1d2e3f4a5b6c\n    object_id: 8d7c6b5a-4e3f-4a2b-9c1d-0e9f8a7b6c5d\n    audience: api://x\n";

/** Each shape and line the key can name, and how to find it among the diagram's lines. */
const KINDS = [
  { word: SHAPES.user.word, drawn: /^ {2}u\d+\(\[/ },
  { word: SHAPES.prefix.word, drawn: /^ {2}p\d+\["/ },
  { word: SHAPES.moverRole.word, drawn: /^ {2}r\d+\{\{/ },
  { word: SHAPES.bucket.word, drawn: /^ {2}[tb]\d+\[\(/ },
  { word: SHAPES.principal.word, drawn: /^ {2}a\d+>/ },
  { word: PRINCIPAL_LINE.word, drawn: / -\.->\|/ },
  { word: "Google service accounts", drawn: /"Google service account / },
  { word: "Azure workloads", drawn: /"Azure workload / },
  { word: "Pull principals", drawn: /"arn:aws:iam::/ },
  { word: "write where the line says so", drawn: /\|read, write\|/ },
];

describe("the access diagram's key", () => {
  it.each([
    { name: "a push dataset", texts: [push] },
    { name: "a pull dataset a role reads", texts: [pull("pull_arns:\n  - arn:aws:iam::111122223333:role/r\n")] },
    { name: "a pull dataset read by a Google service account", texts: [pull(GOOGLE)] },
    { name: "a pull dataset an Azure workload writes", texts: [pull(`${AZURE}allow_push: true\n`)] },
    {
      name: "both, with every kind of principal",
      texts: [push, pull(`pull_arns:\n  - arn:aws:iam::111122223333:role/r\n${GOOGLE}${AZURE}`)],
    },
  ])("names exactly the shapes and lines drawn, for $name", ({ texts }) => {
    const lines = accessDiagram(adding(texts));
    const body = lines.slice(2, lines.indexOf("```", 1));
    const key = lines.at(-1) ?? "";
    for (const { word, drawn } of KINDS)
      expect([word, key.includes(word)]).toEqual([word, body.some((l) => drawn.test(l))]);
  });
});
