import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import type { DatasetKind } from "../../src/config/dataset";
import { DATASET_KEYS } from "../../src/config/schema";
import { migrateFile } from "../../src/migrate/migrateFile";

const kind = fc.constantFrom<DatasetKind>("push", "pull");
const scalar = fc.oneof(fc.string(), fc.boolean(), fc.integer(), fc.constant(null), fc.constantFrom("True", "x"));
const value = fc.oneof(
  scalar,
  fc.array(scalar, { maxLength: 3 }),
  fc.array(fc.boolean(), { minLength: 1, maxLength: 1 }),
  fc.dictionary(fc.string(), scalar, { maxKeys: 2 }),
);
const keys = [...new Set([...DATASET_KEYS.push, ...DATASET_KEYS.pull, "target_bucket", "is_writable"])];
const document = fc.dictionary(fc.oneof(fc.constantFrom(...keys), fc.string()), value, { maxKeys: 8 });
const style = fc.record({ flow: fc.boolean(), indent: fc.constantFrom(2, 4) });

/** migrate's contract on any file: no exception; a refusal is located; a rewrite is idempotent. */
function checkContract(k: DatasetKind, text: string) {
  const result = migrateFile(k, `${k}_datasets/fuzz.yaml`, text);
  if ("refusal" in result) {
    expect(result.refusal.length).toBeGreaterThan(0);
    for (const issue of result.refusal) expect(issue.message).toMatch(/: found .+\. \S/s);
    return;
  }
  const again = migrateFile(k, result.migration.newPath, result.migration.text);
  expect("migration" in again && again.migration.changes).toEqual([]);
  expect("migration" in again && again.migration.text).toBe(result.migration.text);
}

describe("migrate, on arbitrary input", () => {
  it("never throws, and what it rewrites it rewrites once", () => {
    fc.assert(
      fc.property(kind, document, style, (k, doc, s) => {
        checkContract(k, stringify(doc, { indent: s.indent, flowCollectionPadding: s.flow }));
        checkContract(k, stringify(doc, { collectionStyle: s.flow ? "flow" : "block" }));
      }),
      { numRuns: 500 },
    );
  });

  it("never throws on arbitrary text", () => {
    const yamlish = fc.stringMatching(/^[-:?[\]{}#&*!|>'"%@`,\n a-z0-9_.]*$/, { maxLength: 200 });
    fc.assert(
      fc.property(kind, fc.oneof(fc.string({ maxLength: 300 }), yamlish), (k, text) => void checkContract(k, text)),
      { numRuns: 1000 },
    );
  });
});
