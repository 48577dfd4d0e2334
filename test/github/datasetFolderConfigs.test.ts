import { execFile } from "node:child_process";
import { cp, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO } from "../synth";

const run = promisify(execFile);

/**
 * Issue #23: ESLint 10 loads the nearest eslint.config.* of each linted file's folder, so a file
 * a pull request adds to a dataset folder ran as code in `npm test`. Here each configuration file
 * that a tool of `npm test` may look up is planted in a dataset folder, as code that writes a
 * marker, and the commands package.json gives run on that copy: no marker may appear.
 */

// Each tool reads at most one configuration file per folder, the first of its list that exists:
// each planted file gets a folder of its own, so that none hides another.
const ESM = (marker: string) =>
  `import { writeFileSync } from "node:fs";\nwriteFileSync(${JSON.stringify(marker)}, "ran");\nexport default [];\n`;
const CJS = (marker: string) =>
  `require("node:fs").writeFileSync(${JSON.stringify(marker)}, "ran");\nmodule.exports = [];\n`;
/** Configuration that is data, but names code for the tool to load: a Prettier plugin. */
const PRETTIER_PLUGIN = "plugin.mjs";

const CODE: Record<string, (marker: string) => string> = {
  // ESLint's flat configuration files.
  "eslint.config.js": ESM,
  "eslint.config.mjs": ESM,
  "eslint.config.cjs": CJS,
  "eslint.config.ts": ESM,
  "eslint.config.mts": ESM,
  "eslint.config.cts": CJS,
  // Prettier's configuration files that are code.
  ".prettierrc.js": ESM,
  ".prettierrc.mjs": ESM,
  ".prettierrc.cjs": CJS,
  ".prettierrc.ts": ESM,
  ".prettierrc.mts": ESM,
  ".prettierrc.cts": CJS,
  "prettier.config.js": ESM,
  "prettier.config.mjs": ESM,
  "prettier.config.cjs": CJS,
  "prettier.config.ts": ESM,
  "prettier.config.mts": ESM,
  "prettier.config.cts": CJS,
  // Vitest's, and Vite's, which Vitest reads when it finds no vitest.config.*.
  "vitest.config.ts": ESM,
  "vitest.config.mts": ESM,
  "vitest.config.cts": CJS,
  "vitest.config.js": ESM,
  "vitest.config.mjs": ESM,
  "vitest.config.cjs": CJS,
  "vite.config.ts": ESM,
  "vite.config.mts": ESM,
  "vite.config.js": ESM,
  "vite.config.mjs": ESM,
  "vite.config.cjs": CJS,
};

/** Configuration files that are data: each names code (a plugin, a preloaded module) that would run if it were read. */
const DATA: Record<string, (dir: string, marker: string) => string> = {
  ".prettierrc": () => JSON.stringify({ plugins: [`./${PRETTIER_PLUGIN}`] }),
  ".prettierrc.json": () => JSON.stringify({ plugins: [`./${PRETTIER_PLUGIN}`] }),
  ".prettierrc.json5": () => JSON.stringify({ plugins: [`./${PRETTIER_PLUGIN}`] }),
  ".prettierrc.yaml": () => `plugins:\n  - ./${PRETTIER_PLUGIN}\n`,
  ".prettierrc.yml": () => `plugins:\n  - ./${PRETTIER_PLUGIN}\n`,
  ".prettierrc.toml": () => `plugins = ["./${PRETTIER_PLUGIN}"]\n`,
  // EditorConfig holds no code: if Prettier read it, the wrongly indented victim.ts would fail the check.
  ".editorconfig": () => "root = true\n[*]\nindent_style = tab\nindent_size = 13\n",
  "package.json": () =>
    JSON.stringify({ name: "planted", prettier: { plugins: [`./${PRETTIER_PLUGIN}`] }, type: "commonjs" }),
  // A language service plugin: typescript-eslint's project service would load it with this tsconfig.
  "tsconfig.json": () => JSON.stringify({ compilerOptions: { plugins: [{ name: "./plugin.cjs" }] }, include: ["*"] }),
  // npm passes node-options to every script it runs, as NODE_OPTIONS.
  ".npmrc": (dir) => `node-options=--require=${join(dir, "preload.cjs")}\n`,
};

/** Files each tool would lint, format, type-check or collect, were it to look in the folder. */
const VICTIMS: Record<string, string> = {
  "victim.ts": "export const victim = 1;\n",
  "victim.js": "export const victim = 1;\n",
  "victim.test.ts": 'import { it } from "vitest";\nit("ran from a dataset folder", () => {});\n',
  "victim.yaml": "name: victim\n",
};

/** What the repository's own run of a tool needs: its configuration files, and one file to work on. */
const COPIED = [
  "package.json",
  "eslint.config.js",
  ".prettierignore",
  ".prettierrc.json",
  "tsconfig.json",
  "vitest.config.ts",
  "test/sequencer.ts",
  ".npmrc",
];

let root: string;
let markers: string;
/** Every planted file that is code, for the control that shows each would write its marker. */
const planted: string[] = [];

async function plant(folder: string, name: string, text: string) {
  await mkdir(folder, { recursive: true });
  await writeFile(join(folder, name), text);
  for (const [victim, content] of Object.entries(VICTIMS)) await writeFile(join(folder, victim), content);
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "exports-planted-"));
  markers = join(root, ".markers");
  await mkdir(markers);
  for (const file of COPIED) await cp(join(REPO, file), join(root, file), { recursive: true });
  await symlink(join(REPO, "node_modules"), join(root, "node_modules"));
  await mkdir(join(root, "src"));
  await writeFile(join(root, "src/one.ts"), "export const one = 1;\n");
  await mkdir(join(root, "test"), { recursive: true });
  await writeFile(
    join(root, "test/one.test.ts"),
    'import { expect, it } from "vitest";\n\nit("runs", () => {\n  expect(1).toBe(1);\n});\n',
  );
  let i = 0;
  // Alternate the two dataset folders; the first of each kind also sits directly in a folder.
  const next = () => {
    const folder = i % 2 === 0 ? "push_datasets" : "pull_datasets";
    i += 1;
    return join(root, folder, i <= 2 ? "" : `f${i}`);
  };
  for (const [name, code] of Object.entries(CODE)) {
    const dir = next();
    await plant(dir, name, code(join(markers, name)));
    planted.push(join(dir, name));
  }
  for (const [name, data] of Object.entries(DATA)) {
    const dir = next();
    await plant(dir, name, data(dir, join(markers, name)));
    await writeFile(join(dir, PRETTIER_PLUGIN), ESM(join(markers, `${name} (its plugin)`)));
    await writeFile(join(dir, "plugin.cjs"), CJS(join(markers, `${name} (its plugin)`)));
    await writeFile(join(dir, "preload.cjs"), CJS(join(markers, `${name} (its preload)`)));
  }
}, 60_000);

afterAll(() => rm(root, { recursive: true, force: true }));

/** The environment of a command run by hand: nothing of this test run's own npm or Vitest. */
function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^(npm_|VITEST|NODE_OPTIONS$|TEST$)/i.test(k)),
  );
}

const sh = (command: string, args: string[]) =>
  run(command, args, { cwd: root, env: cleanEnv(), maxBuffer: 16 * 1024 * 1024 }).catch(
    (e: { stdout?: string; stderr?: string; message: string }) => {
      throw new Error(`${command} ${args.join(" ")} failed:\n${e.stdout ?? ""}${e.stderr ?? e.message}`);
    },
  );

describe("configuration in a dataset folder is never loaded by npm test's tools", () => {
  it("the planted code would write its marker if anything ran it (control)", async () => {
    const control = join(root, "control.mts");
    await writeFile(
      control,
      `import { pathToFileURL } from "node:url";\nfor (const f of ${JSON.stringify(planted)}) await import(pathToFileURL(f).href);\n`,
    );
    await sh(join(REPO, "node_modules/.bin/tsx"), [control]);
    expect((await readdir(markers)).sort()).toEqual(Object.keys(CODE).sort());
    await rm(control);
    await rm(markers, { recursive: true });
    await mkdir(markers);
  }, 120_000);

  it("npm run lint, npm run format:check and Vitest's test discovery run, and none writes a marker", async () => {
    const scripts = (
      JSON.parse(await readFile(join(root, "package.json"), "utf8")) as { scripts: Record<string, string> }
    ).scripts;
    // The commands as package.json gives them to `npm test`, run by npm so that it reads its own configuration.
    expect(scripts.test).toContain("npm run lint && npm run format:check && vitest run");
    await sh("npm", ["run", "--silent", "lint"]);
    await sh("npm", ["run", "--silent", "format:check"]);
    const { stdout } = await sh("npx", ["vitest", "list", "--project", "unit"]);
    expect(stdout).toContain("test/one.test.ts");
    expect(stdout).not.toContain("victim");
    expect(await readdir(markers)).toEqual([]);
  }, 300_000);
});
