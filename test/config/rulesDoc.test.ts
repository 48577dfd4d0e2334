import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { DATASET_RULES } from "../../src/config/datasetRules";
import { EXPIRY_RULES } from "../../src/config/expiryRules";
import { ruleFixtures } from "../support";

it("documents every rule in docs/rules.md", () => {
  const doc = readFileSync(join(import.meta.dirname, "../../docs/rules.md"), "utf8");
  const ids = new Set([
    ...DATASET_RULES.map((r) => r.id),
    ...EXPIRY_RULES.map((r) => r.id),
    "export-bucket-policy-size",
    ...ruleFixtures().map((f) => f.rule),
    "file-extension",
    "dataset-folder",
    "list-indentation",
    "yaml-merge-key",
    "name-unique",
    "pull-bucket-unique",
    "target-pull-bucket",
    "takes-over",
    "user-case-unique",
    "google-id-email",
    "file-symlink",
    "settings-value",
    "user-policy-size",
    "pull-bucket-policy-size",
    "stack-resources",
    "template-size",
  ]);
  for (const id of ids) expect(doc, id).toContain(`| \`${id}\` |`);
});
