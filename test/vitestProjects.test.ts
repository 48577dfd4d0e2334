import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ISOLATED } from "../vitest.config";
import { sourceFiles } from "./docs/codeMap";

const ROOT = join(import.meta.dirname, "..");

// What a file can do that leaks into the next file sharing its module graph: replace a module,
// change the environment or a global, or listen on the process.
const LEAKS =
  /\bvi\.(mock|doMock|unmock|stubEnv|stubGlobal)\(|\bprocess\.(on|once|addListener)\(|\bprocess\.env\.\w+\s*=[^=]/;

const unitFiles = sourceFiles(ROOT, "test").filter(
  (file) => file.endsWith(".test.ts") && !/^test\/(integration|e2e)\//.test(file),
);

describe("unit files that share a module graph (vitest.config.ts)", () => {
  it("leave out every file that replaces a module, the environment or a global, or listens on the process", () => {
    const leaking = unitFiles.filter((file) => LEAKS.test(readFileSync(join(ROOT, file), "utf8")));
    expect(leaking.length).toBeGreaterThan(0);
    expect(leaking.filter((file) => !ISOLATED.includes(file))).toEqual([]);
  });

  it("name only unit files that exist", () => {
    expect(ISOLATED.filter((file) => !existsSync(join(ROOT, file)) || !unitFiles.includes(file))).toEqual([]);
  });
});
