import type { DatasetChange } from "./changes";

export const PLAN_FORMATS = ["text", "markdown", "json"] as const;
export type PlanFormat = (typeof PLAN_FORMATS)[number];

const REMOVED_NOTE = "the dataset's resources go, but a pull bucket and its data are kept";
const count = (changes: readonly DatasetChange[], kind: DatasetChange["change"]) =>
  changes.filter((c) => c.change === kind).length;

function summary(changes: readonly DatasetChange[], base: string | undefined): string {
  if (!base) return `${changes.length} datasets`;
  return `against ${base}: ${count(changes, "added")} added, ${count(changes, "changed")} changed, ${count(changes, "removed")} removed, ${count(changes, "unchanged")} unchanged`;
}

function text(changes: readonly DatasetChange[], base: string | undefined): string {
  const shown = changes.filter((c) => c.change !== "unchanged");
  const blocks = shown.map(({ change, access, added, removed }) => {
    const head = `${access.kind} dataset ${access.name} (${access.file})${base ? `: ${change}` : ""}`;
    const lines =
      change === "changed"
        ? [...removed.map((l) => `  - ${l}`), ...added.map((l) => `  + ${l}`)]
        : (change === "removed" ? removed : added).map(
            (l) => `  ${base ? (change === "removed" ? "- " : "+ ") : ""}${l}`,
          );
    const note = change === "removed" ? [`  (${REMOVED_NOTE})`] : [];
    const statement =
      access.receivingStatement && change !== "removed"
        ? [
            `  receiving bucket policy statement:`,
            ...JSON.stringify(access.receivingStatement, null, 2)
              .split("\n")
              .map((l) => `    ${l}`),
            ...(access.kmsKeyStatement
              ? [
                  `  KMS key policy statement:`,
                  ...JSON.stringify(access.kmsKeyStatement, null, 2)
                    .split("\n")
                    .map((l) => `    ${l}`),
                ]
              : []),
          ]
        : [];
    return [head, ...lines, ...note, ...statement].join("\n");
  });
  return (
    [...blocks, ...(blocks.length ? [""] : []), `Plan: ${summary(changes, base)}.`]
      .join("\n\n")
      .replace(/\n\n\n/g, "\n\n") + "\n"
  );
}

function markdown(changes: readonly DatasetChange[], base: string | undefined): string {
  const shown = changes.filter((c) => c.change !== "unchanged");
  const out = [
    "<!-- data-exports plan -->",
    `### Data exports: what this change grants`,
    "",
    `${summary(changes, base)}.`,
  ];
  if (shown.length === 0) out.push("", "No dataset's access changes.");
  for (const { change, access, added, removed } of shown) {
    out.push(
      "",
      `#### ${change === "added" ? "➕" : change === "removed" ? "➖" : "✏️"} ${access.kind} dataset \`${access.name}\` (${change})`,
      "",
      `File: \`${access.file}\`${access.paperwork ? ` · paperwork: ${access.paperwork}` : ""}`,
      "",
      "```diff",
    );
    for (const line of removed) out.push(`- ${line}`);
    for (const line of added) out.push(`+ ${line}`);
    out.push("```");
    if (change === "removed") out.push("", `_${REMOVED_NOTE}._`);
    if (access.receivingStatement && change !== "removed") {
      out.push(
        "",
        `The owner of the receiving bucket adds this statement to its bucket policy:`,
        "",
        "```json",
        JSON.stringify(access.receivingStatement, null, 2),
        "```",
      );
      if (access.kmsKeyStatement)
        out.push(
          "",
          `Its bucket demands SSE-KMS with its own key, so the key's owner adds this statement to the key policy:`,
          "",
          "```json",
          JSON.stringify(access.kmsKeyStatement, null, 2),
          "```",
        );
    }
  }
  return out.join("\n") + "\n";
}

function json(changes: readonly DatasetChange[], base: string | undefined): string {
  const datasets = changes.map(({ change, access, added, removed }) => ({ ...access, change, added, removed }));
  return JSON.stringify({ base: base ?? null, datasets }, null, 2) + "\n";
}

/** Renders the plan's changes for people (text), pull requests (Markdown) or tools (JSON). */
export function formatPlan(changes: readonly DatasetChange[], format: PlanFormat, base?: string): string {
  return { text, markdown, json }[format](changes, base);
}
