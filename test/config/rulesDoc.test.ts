import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { RULES, RULE_SCOPES, type RuleScope } from "../../src/cli/validate/rules";
import type { RuleMeta } from "../../src/config/ruleMeta";
import { ruleFixtures } from "../support";

const ROOT = join(import.meta.dirname, "../..");
const DOC = readFileSync(join(ROOT, "docs/rules.md"), "utf8");

/** The heading of each scope's table in docs/rules.md. */
const SECTION: Record<RuleScope, string> = {
  file: "## The file",
  dataset: "## Each dataset",
  "cross-file": "## Across files",
  expiry: "## Expiry",
  settings: "## The settings file",
  plan: "## The deployment's limits",
};

/** The rule rows of the first `| rule | severity | what it checks |` table under `heading`. */
function documentedRows(heading: string): string[] {
  const start = DOC.split("\n").findIndex((line) => line.startsWith(heading));
  const rest = DOC.split("\n").slice(start + 1);
  const table = rest.findIndex((line) => line === "| rule | severity | what it checks |");
  const rows: string[] = [];
  for (const line of rest.slice(table + 2)) {
    if (!line.startsWith("|")) break;
    rows.push(line);
  }
  return rows;
}

const row = (rule: RuleMeta) => `| \`${rule.id}\` | ${rule.severity} | ${rule.description} |`;
const registered = Object.values(RULES).flat();

describe("docs/rules.md is the registry's", () => {
  it.each(RULE_SCOPES)("%s: each registered rule has its row, in order, and no other rule has one", (scope) => {
    expect(documentedRows(SECTION[scope])).toEqual(RULES[scope].map(row));
  });

  it("gives each rule one id within its scope", () => {
    for (const scope of RULE_SCOPES) {
      const ids = RULES[scope].map((r) => r.id);
      expect(new Set(ids).size, scope).toBe(ids.length);
    }
  });

  it("registers every rule the fixtures exercise", () => {
    const ids = new Set(registered.map((r) => r.id));
    for (const fixture of ruleFixtures()) expect(ids, fixture.title).toContain(fixture.rule);
  });
});

/** Every source file of the folders whose checks `validate` runs. */
const sources = ["src/config", "src/plan"].flatMap((folder) =>
  readdirSync(join(ROOT, folder), { recursive: true, encoding: "utf8" })
    .filter((file) => file.endsWith(".ts"))
    .map((file) => join(folder, file)),
);

const isRuleMeta = (value: unknown): value is RuleMeta =>
  typeof value === "object" &&
  value !== null &&
  ["id", "severity", "description"].every((key) => typeof (value as Record<string, unknown>)[key] === "string");

describe("the registry is complete", () => {
  it("registers every rule that src/config and src/plan export", async () => {
    const exported = (await Promise.all(sources.map((file) => import(join(ROOT, file))))).flatMap((module) =>
      Object.values(module as Record<string, unknown>).filter(isRuleMeta),
    );
    expect(exported.length).toBeGreaterThan(50);
    const unregistered = exported.filter((rule) => !registered.includes(rule)).map((rule) => rule.id);
    expect(unregistered).toEqual([]);
  });

  it("reports findings only under a registered rule's id, never a literal one", () => {
    // issueAt(node, "some-id", …), issueAtOffset(offset, "some-id", …) or { rule: "some-id" }.
    const literal = /issueAt(?:Offset)?\([^,()]*(?:\([^()]*\))?[^,()]*,\s*"[a-z-]+"|\brule:\s*"[a-z-]+"/;
    const found = sources.filter((file) => literal.test(readFileSync(join(ROOT, file), "utf8")));
    expect(found).toEqual([]);
  });
});
