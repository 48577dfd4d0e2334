import { describe, expect, it } from "vitest";
import { DATASET_RULES } from "../../src/config/datasetRules";
import { DEFAULT_SETTINGS } from "../../src/config/settings";
import { validateDataset } from "../../src/config/validateDataset";
import { ruleFixtures } from "../support";

const fixtures = ruleFixtures();
const failing = fixtures.filter((f) => f.expect);
const passing = fixtures.filter((f) => !f.expect);

describe("a file that breaks a rule", () => {
  it.each(failing)("$title", ({ rule, kind, path, text, expect: at }) => {
    const result = validateDataset(kind, path, text, DEFAULT_SETTINGS);
    const issues = [...result.errors, ...result.warnings].filter((i) => i.rule === rule);
    expect(issues).toContainEqual(
      expect.objectContaining({ file: path, line: at?.line, column: at?.column, severity: at?.severity }),
    );
    for (const issue of issues) expect(issue.message).toMatch(/: found .+\. \S/s);
    if (at?.severity === "error") expect(result.value).toBeUndefined();
  });
});

describe("a file that keeps a rule", () => {
  it.each(passing)("$title", ({ kind, path, text }) => {
    const result = validateDataset(kind, path, text, DEFAULT_SETTINGS);
    expect([...result.errors, ...result.warnings]).toEqual([]);
    expect(result.value?.name).toBe(path.split("/")[1]?.replace(/\.yaml$/, ""));
  });
});

describe("the rule fixtures", () => {
  it.each(DATASET_RULES.map((r) => r.id))("cover %s with a passing and a failing file", (id) => {
    expect(passing.some((f) => f.rule === id)).toBe(true);
    expect(failing.some((f) => f.rule === id)).toBe(true);
  });
});
