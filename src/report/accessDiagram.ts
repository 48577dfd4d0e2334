import type { DatasetChange } from "./changes";
import { googlePrincipal, type PullWhere, type PushWhere } from "./datasetAccess";
import { codeBlock, mermaidLabel } from "./escape";

/**
 * More datasets than this make a diagram nobody can read (and approach the size GitHub's Mermaid
 * renders); the sections below the diagram still list every grant.
 */
export const MAX_DIAGRAM_DATASETS = 40;

/** Each kind of node: how Mermaid draws it, and the word the key under the diagram uses for it. */
export const SHAPES = {
  user: { draw: (l: string) => `([${l}])`, word: "rounded" },
  prefix: { draw: (l: string) => `[${l}]`, word: "box" },
  moverRole: { draw: (l: string) => `{{${l}}}`, word: "hexagon" },
  bucket: { draw: (l: string) => `[(${l})]`, word: "cylinder" },
  principal: { draw: (l: string) => `>${l}]`, word: "flags" },
} as const;
/** How a pull principal's line is drawn, and its word in the key. */
export const PRINCIPAL_LINE = { draw: "-.->", word: "dotted lines" } as const;

/** What the diagram holds, so that its key names only the shapes and lines it draws. */
interface Drawn {
  push: boolean;
  pull: boolean;
  /** The kinds of pull principal drawn, in the key's words. */
  principals: Set<string>;
  /** Some principal's line says `read, write`. */
  principalWrites: boolean;
}

/** The kinds of pull principal, in the order the key names them. */
const PRINCIPAL_KINDS = ["Pull principals", "Google service accounts", "Azure workloads"];

const listed = (items: readonly string[]) =>
  items.length > 1 ? `${items.slice(0, -1).join(", ")} and ${items.at(-1)}` : (items[0] ?? "");

/** What the shapes and lines mean: said once under the diagram, naming only what it draws. */
export function diagramKey(d: Drawn): string {
  const users = [
    ...(d.push ? [`write under an export prefix (${SHAPES.prefix.word})`] : []),
    ...(d.pull ? [`read, write and delete in a pull bucket (${SHAPES.bucket.word})`] : []),
  ];
  const sentences = [`Platform users (${SHAPES.user.word}) ${users.join(", or ")}`];
  if (d.push)
    sentences.push(
      `the mover role (${SHAPES.moverRole.word}) takes each file to the receiving bucket (${SHAPES.bucket.word})`,
    );
  const parts = [sentences.join("; ") + "."];
  if (d.principals.size > 0)
    parts.push(
      `${listed(PRINCIPAL_KINDS.filter((k) => d.principals.has(k)))} (${SHAPES.principal.word}, ${PRINCIPAL_LINE.word}) read a pull bucket${d.principalWrites ? ", and write where the line says so" : ""}.`,
    );
  return `_${parts.join(" ")}_`;
}

/**
 * A Mermaid flowchart of who may write and read where, for the datasets a change adds or changes:
 * users → export prefix → mover role → receiving bucket, and users and pull principals → pull
 * bucket. Node ids are ours (u1, p1…); every label is user text passed through `mermaidLabel`.
 * Returns the Markdown lines, or a sentence when there is nothing or too much to draw.
 */
export function accessDiagram(changes: readonly DatasetChange[]): string[] {
  // A dataset past its expires grants nothing, so there is nothing of it to draw.
  const drawn = changes.filter((c) => (c.change === "added" || c.change === "changed") && !c.access.expired);
  if (drawn.length === 0) return [];
  if (drawn.length > MAX_DIAGRAM_DATASETS)
    return [
      `_No diagram: ${drawn.length} datasets change, more than the ${MAX_DIAGRAM_DATASETS} a diagram shows readably; every grant is listed below._`,
    ];

  const ids = new Map<string, string>();
  const nodes: string[] = [];
  // One node per user and per principal, however many datasets name them.
  const node = (kind: string, key: string, shape: (label: string) => string, label: string) => {
    let id = ids.get(`${kind}:${key}`);
    if (!id) {
      id = `${kind}${ids.size + 1}`;
      ids.set(`${kind}:${key}`, id);
      nodes.push(`  ${id}${shape(mermaidLabel(label))}`);
    }
    return id;
  };
  const user = (name: string) => node("u", name, SHAPES.user.draw, name);
  const edges: string[] = [];
  const seen: Drawn = { push: false, pull: false, principals: new Set(), principalWrites: false };
  for (const { access } of drawn) {
    if (access.kind === "push") {
      const where = access.where as PushWhere;
      seen.push = true;
      const prefix = node("p", access.name, SHAPES.prefix.draw, where.exportPrefix);
      const mover = `mover role ${where.moverRole?.split("/").at(-1) ?? ""}`;
      const role = node("r", access.name, SHAPES.moverRole.draw, mover);
      const target = node("t", access.name, SHAPES.bucket.draw, `s3://${where.target.bucket}/${where.target.prefix}`);
      for (const u of access.users) edges.push(`  ${user(u)} --> ${prefix}`);
      edges.push(
        `  ${prefix} -->|moved by| ${role}`,
        `  ${role} -->|${where.target.keepFiles ? "copies to" : "moves to"}| ${target}`,
      );
    } else {
      const where = access.where as PullWhere;
      seen.pull = true;
      const bucket = node("b", access.name, SHAPES.bucket.draw, `s3://${where.bucket}`);
      for (const u of access.users) edges.push(`  ${user(u)} --> ${bucket}`);
      const words = where.allowPush ? "read, write" : "read";
      const principals = [
        ...where.pullPrincipals.map((arn) => ["Pull principals", arn, arn]),
        ...where.googleServiceAccounts.map((sa) => ["Google service accounts", `google:${sa.id}`, googlePrincipal(sa)]),
        ...where.azureWorkloads.map((w) => [
          "Azure workloads",
          `azure:${w.tenant}/${w.objectId}`,
          `Azure workload ${w.objectId}`,
        ]),
      ];
      for (const [kind = "", key = "", label = ""] of principals) {
        seen.principals.add(kind);
        seen.principalWrites ||= where.allowPush;
        edges.push(`  ${node("a", key, SHAPES.principal.draw, label)} ${PRINCIPAL_LINE.draw}|${words}| ${bucket}`);
      }
    }
  }
  return [...codeBlock("mermaid", ["flowchart LR", ...nodes, ...edges]), "", diagramKey(seen)];
}
