import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { SCHEMA_FILES, jsonSchemas } from "../../src/config/jsonSchemas";
import { loadConfig } from "../../src/config/loadConfig";

const ROOT = join(import.meta.dirname, "../..");

describe("this repository", () => {
  it("has dataset files that all validate, with no warnings", async () => {
    const result = await loadConfig(ROOT);
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(result.value.push.length).toBeGreaterThan(0);
    expect(result.value.pull.length).toBeGreaterThan(0);
  });

  it("publishes the JSON Schemas generated from the validator's schema (run npm run schemas after changing it)", async () => {
    const { value } = await loadConfig(ROOT);
    const generated = jsonSchemas(value.settings);
    for (const [kind, path] of Object.entries(SCHEMA_FILES)) {
      const committed: unknown = JSON.parse(await readFile(join(ROOT, path), "utf8"));
      expect(committed, path).toEqual(generated[kind as keyof typeof SCHEMA_FILES]);
    }
  });

  it("points every dataset file at its kind's schema, so editors check it while people type", async () => {
    const { value } = await loadConfig(ROOT);
    for (const dataset of [...value.push, ...value.pull]) {
      const text = await readFile(join(ROOT, dataset.file), "utf8");
      expect(text.split("\n")[0], dataset.file).toBe(
        `# yaml-language-server: $schema=../${SCHEMA_FILES[dataset.kind]}`,
      );
    }
  });
});
