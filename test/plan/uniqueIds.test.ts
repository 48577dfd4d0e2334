import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { alphanumeric, uniqueIds } from "../../src/plan/uniqueIds";

describe("uniqueIds", () => {
  it.each([
    {
      name: "names that do not collide keep the id CDK always gave them",
      names: ["court_list", "a-b", "x"],
      ids: ["courtlist", "ab", "x"],
    },
    {
      name: "a name without separators keeps its id beside one with",
      names: ["yjrefs", "yj_refs"],
      ids: ["yjrefs", "yjUrefs"],
    },
    {
      name: "names with separators spell them out when they collide",
      names: ["ab_cd", "a_bcd", "ab-cd"],
      ids: ["abUcd", "aUbcd", "abHcd"],
    },
  ])("$name", ({ names, ids }) => {
    const result = uniqueIds(names);
    expect(names.map((n) => result.get(n))).toEqual(ids);
  });

  it("gives distinct ids of letters and digits to any set of dataset names, and the plain id to any name that has no twin", () => {
    const name = fc.stringMatching(/^[a-z0-9][a-z0-9_-]{0,20}$/);
    fc.assert(
      fc.property(fc.uniqueArray(name, { maxLength: 30 }), (names) => {
        const ids = uniqueIds(names);
        expect(new Set(ids.values()).size).toBe(names.length);
        for (const n of names) {
          expect(ids.get(n)).toMatch(/^[A-Za-z0-9]+$/);
          const twins = names.filter((m) => alphanumeric(m) === alphanumeric(n));
          if (twins.length === 1) expect(ids.get(n)).toBe(alphanumeric(n));
        }
      }),
    );
  });
});
