import type { DatasetChange } from "./changes";
import { googlePrincipal, type PullWhere, type PushWhere } from "./datasetAccess";
import { codeBlock, mermaidLabel } from "./escape";

/**
 * More datasets than this make a diagram nobody can read (and approach the size GitHub's Mermaid
 * renders); the sections below the diagram still list every grant.
 */
export const MAX_DIAGRAM_DATASETS = 40;

/** What the shapes and lines mean: said once under the diagram instead of on every line. */
export const DIAGRAM_KEY =
  "_Platform users (rounded) write under an export prefix, or read, write and delete in a pull bucket (cylinder); the mover role (hexagon) moves each file to the receiving bucket. Pull principals, Google service accounts and Azure workloads (flags, dotted lines) read a pull bucket, and write where the line says so._";

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
  const user = (name: string) => node("u", name, (l) => `([${l}])`, name);
  const edges: string[] = [];
  for (const { access } of drawn) {
    if (access.kind === "push") {
      const where = access.where as PushWhere;
      const prefix = node("p", access.name, (l) => `[${l}]`, where.exportPrefix);
      const role = node("r", access.name, (l) => `{{${l}}}`, `mover role ${where.moverRole?.split("/").at(-1) ?? ""}`);
      const target = node("t", access.name, (l) => `[(${l})]`, `s3://${where.target.bucket}/${where.target.prefix}`);
      for (const u of access.users) edges.push(`  ${user(u)} --> ${prefix}`);
      edges.push(
        `  ${prefix} -->|moved by| ${role}`,
        `  ${role} -->|${where.target.keepFiles ? "copies to" : "moves to"}| ${target}`,
      );
    } else {
      const where = access.where as PullWhere;
      const bucket = node("b", access.name, (l) => `[(${l})]`, `s3://${where.bucket}`);
      for (const u of access.users) edges.push(`  ${user(u)} --> ${bucket}`);
      const words = where.allowPush ? "read, write" : "read";
      const principals = [
        ...where.pullPrincipals.map((arn) => [arn, arn]),
        ...where.googleServiceAccounts.map((sa) => [`google:${sa.id}`, googlePrincipal(sa)]),
        ...where.azureWorkloads.map((w) => [`azure:${w.tenant}/${w.objectId}`, `Azure workload ${w.objectId}`]),
      ];
      for (const [key = "", label = ""] of principals)
        edges.push(`  ${node("a", key, (l) => `>${l}]`, label)} -.->|${words}| ${bucket}`);
    }
  }
  return [...codeBlock("mermaid", ["flowchart LR", ...nodes, ...edges]), "", DIAGRAM_KEY];
}
