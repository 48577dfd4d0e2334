// The CLI's build: src/cli/main.ts and what it imports, compiled by esbuild into one CommonJS file
// in dist/cli/ (main-<hash of its content>.cjs), so that `exports` starts from JavaScript rather
// than compiling TypeScript at every call, and from V8's cached compiled code rather than compiling
// JavaScript (bin/codeCache.cjs; Node 20 caches the compiled code of no ES module). Each command's
// modules still load when the command runs: esbuild keeps an import() lazy within one file.
// `npm ci` and `npm install` run it (the prepare script), `npm test` runs it first, and
// bin/exports.cjs runs it whenever a source is newer than the build. By hand: `npm run build`.
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";

import builtCli from "./builtCli.cjs";

const { ROOT, OUT_DIR, MANIFEST, readManifest } = builtCli;

/**
 * Packages compiled into the bundle: small, pure JavaScript, and needed by `--help` or `validate`,
 * where loading them file by file from node_modules costs more than the rest of the start-up.
 * Every other package stays in node_modules and is imported from there, only by the commands
 * that use it: the AWS CDK and the AWS SDK are large and find files of their own on disk. luxon
 * and re2js are not imported but required when first needed (src/config/expiry.ts,
 * src/config/userNamePattern.ts), so that `validate` loads them only for the files that need them.
 */
const BUNDLED = new Set(["commander", "yaml", "zod", "fastest-levenshtein"]);

/** Files that change the build without being compiled into it. */
const SETTINGS = ["bin/build.mjs", "package.json", "tsconfig.json", "node_modules/.package-lock.json"];

function packageName(specifier) {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
}

/** Leaves every package outside BUNDLED to be imported from node_modules at run time. */
const externalPackages = {
  name: "external-packages",
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) =>
      BUNDLED.has(packageName(args.path)) ? undefined : { path: args.path, external: true },
    );
  },
};

/**
 * Gives commander a child_process that loads on first use. Commander requires it at load only to
 * spawn executable subcommands, which this CLI has none of, and loading it (with net, streams and
 * the rest it pulls in) is a few per cent of every command's start-up, `--help` included.
 */
const lazyChildProcess = {
  name: "lazy-child-process",
  setup(build) {
    build.onResolve({ filter: /^(node:)?child_process$/ }, (args) =>
      args.importer.includes(`node_modules${sep}commander${sep}`)
        ? { path: "child_process", namespace: "lazy-child-process" }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: "lazy-child-process" }, () => ({
      contents: 'module.exports = { spawn: (...args) => require("node:child_process").spawn(...args) };',
      loader: "js",
    }));
  },
};

/**
 * Keeps `import.meta.dirname` meaning the folder of the source file that says it (code finds the
 * mover's sources and the local engine's scripts from there), not the folder of the bundle.
 */
function sourceDirname(outDir) {
  return {
    name: "source-dirname",
    setup(build) {
      build.onLoad({ filter: /\.ts$/ }, async (args) => {
        const source = readFileSync(args.path, "utf8");
        if (!source.includes("import.meta.dirname")) return undefined;
        const { transform } = await import("esbuild");
        const { code } = await transform(source, {
          loader: "ts",
          sourcefile: args.path,
          tsconfigRaw: { compilerOptions: { verbatimModuleSyntax: true } },
          define: { "import.meta.dirname": "__sourceDirname" },
        });
        const fromBundle = relative(outDir, dirname(args.path)).split(sep).join("/");
        const prelude =
          'import { fileURLToPath as __fileURLToPath } from "node:url";\n' +
          `const __sourceDirname = __fileURLToPath(new URL(${JSON.stringify(`${fromBundle}/`)}, import.meta.url));\n`;
        return { contents: prelude + code, loader: "js", resolveDir: dirname(args.path) };
      });
    },
  };
}

/** Writes a file whole or not at all: commands started meanwhile read either the old file or the new one. */
function writeAtomically(path, contents) {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, contents);
  renameSync(temporary, path);
}

/**
 * Builds the CLI into `outDir`: its file first, the manifest naming it last, so that several
 * commands rebuilding at once never load a half-written build.
 */
export async function buildCli({ root = ROOT, outDir = OUT_DIR } = {}) {
  const { build } = await import("esbuild");
  const builtAt = Date.now();
  const result = await build({
    absWorkingDir: root,
    entryPoints: [join(root, "src/cli/main.ts")],
    outdir: outDir,
    // Named by its content: a cache of compiled code (bin/codeCache.cjs) is named after the file
    // it was made from, so it can never be used for another build's code.
    entryNames: "[name]-[hash]",
    outExtension: { ".js": ".cjs" },
    bundle: true,
    format: "cjs",
    // ASCII only (esbuild escapes the rest), so that bin/codeCache.cjs reads it as one-byte text.
    charset: "ascii",
    // Every import() a require(), run when the import() is: a script compiled through node:vm
    // (bin/codeCache.cjs) has no import() of its own without an experimental loader. Node 20.19
    // and later require ES modules too (jose, hyparquet).
    supported: { "dynamic-import": false },
    platform: "node",
    target: "node20",
    // import.meta has no meaning in CommonJS: its one use here, the URL of the running file.
    define: { "import.meta.url": "__bundleUrl" },
    banner: { js: 'const __bundleUrl = require("node:url").pathToFileURL(__filename).href;' },
    plugins: [lazyChildProcess, externalPackages, sourceDirname(outDir)],
    metafile: true,
    write: false,
    logLevel: "silent",
  });
  mkdirSync(outDir, { recursive: true });
  const [file] = result.outputFiles;
  writeAtomically(file.path, file.contents);
  const entry = relative(outDir, file.path);
  // Modules a plugin makes up (namespace:path, such as lazy-child-process:) are no files to watch.
  const sources = Object.keys(result.metafile.inputs).filter(
    (input) => !input.includes("node_modules/") && !/^[a-z-]+:/.test(input),
  );
  const inputs = [...sources, ...SETTINGS.filter((file) => existsSync(join(root, file)))];
  const previous = readManifest(outDir)?.entry;
  writeAtomically(join(outDir, MANIFEST), `${JSON.stringify({ builtAt, entry, inputs }, null, 2)}\n`);
  // Earlier builds and their caches go, but for the one just replaced: a command that read the
  // manifest a moment ago may be about to read its file (a running command has read it already).
  const kept = [MANIFEST, entry, ...(previous ? [previous] : [])];
  for (const name of readdirSync(outDir))
    if (!kept.some((k) => name === k || name.startsWith(`${k}.`)) && !name.endsWith(".tmp")) rmSync(join(outDir, name));
  return result.metafile;
}

/** Prints esbuild's located messages (file:line:column) for a failed build. */
export async function formatBuildFailure(error) {
  if (!Array.isArray(error?.errors)) return `${error?.message ?? error}\n`;
  const { formatMessages } = await import("esbuild");
  return (await formatMessages(error.errors, { kind: "error" })).join("");
}

// Run as a script (npm run build), not imported: compared as real paths, as a checkout reached
// through a symbolic link names this file differently in argv and in import.meta.
if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    await buildCli();
  } catch (error) {
    process.stderr.write(await formatBuildFailure(error));
    process.stderr.write("The CLI could not be built from src/ (errors above).\n");
    process.exitCode = 1;
  }
}
