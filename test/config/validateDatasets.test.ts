import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEFAULT_SETTINGS } from "../../src/config/settings";
import { validateDataset, validateDatasets } from "../../src/config/validateDataset";
import { ruleFixtures } from "../support";

// validateDatasets runs each stage (parse, rules, schema) over a few files before the next
// (issue 25). That is a saving of time only: every file's result must be the one validateDataset
// gives it alone, in the order the files came, whatever mix of files fails at which stage.

const fixtures = ruleFixtures();
const alone = fixtures.map((f) => validateDataset(f.kind, f.path, f.text, DEFAULT_SETTINGS));

describe("validateDatasets, stage by stage over a few files at a time", () => {
  it("gives each rule fixture, passing or failing, the result it gets alone, in order", () => {
    // More files than one batch holds, failing at parsing (syntax, not a mapping), at the rules
    // and passing, side by side.
    expect(fixtures.length).toBeGreaterThan(100);
    expect(alone.some((r) => r.facts === undefined)).toBe(true);
    expect(alone.some((r) => r.facts !== undefined && r.errors.length > 0)).toBe(true);
    expect(alone.some((r) => r.value !== undefined)).toBe(true);
    expect(validateDatasets(fixtures, DEFAULT_SETTINGS)).toEqual(alone);
  });

  it("gives the same results for any selection of the fixtures in any order", () => {
    // Lengths drawn evenly up to several batches: fc.array alone draws mostly short lists.
    const index = fc.integer({ min: 0, max: fixtures.length - 1 });
    const indexes = fc.integer({ min: 0, max: 60 }).chain((n) => fc.array(index, { minLength: n, maxLength: n }));
    fc.assert(
      fc.property(indexes, (picked) => {
        const results = validateDatasets(
          picked.flatMap((i) => fixtures.slice(i, i + 1)),
          DEFAULT_SETTINGS,
        );
        expect(results).toEqual(picked.map((i) => alone[i]));
      }),
      { numRuns: 40 },
    );
  });

  it("gives no result for no file", () => {
    expect(validateDatasets([], DEFAULT_SETTINGS)).toEqual([]);
  });
});
