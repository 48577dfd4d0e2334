// Regenerates schemas/*.schema.json from the validator's schema and the repository's settings.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { SCHEMA_FILES, jsonSchemas } from "../src/config/jsonSchemas";
import { SETTINGS_FILE } from "../src/config/settings";
import { SourceFile } from "../src/config/sourceFile";
import { validateSettings } from "../src/config/validateSettings";

const text = await readFile(SETTINGS_FILE, "utf8").catch(() => undefined);
const settings = validateSettings(text === undefined ? undefined : new SourceFile(SETTINGS_FILE, text));
if (settings.errors.length > 0) {
  console.error(`${SETTINGS_FILE} has errors; run npx exports validate first.`);
  process.exit(1);
}
const schemas = jsonSchemas(settings.value);
for (const [kind, path] of Object.entries(SCHEMA_FILES)) {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, `${JSON.stringify(schemas[kind as keyof typeof SCHEMA_FILES], null, 2)}\n`);
  console.log(`wrote ${path}`);
}
