// The CLI's build: src/cli/main.ts and what it imports, compiled by esbuild into ES modules in
// dist/cli/, one module per lazily loaded command, so that `exports` starts from JavaScript rather
// than compiling TypeScript at every call. `npm ci` and `npm install` run it (the prepare script),
// `npm test` runs it first, and bin/exports.mjs runs it whenever a source is newer than the build.
// Run it by hand with `npm run build`.
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(import.meta.dirname, "..");
export const OUT_DIR = join(ROOT, "dist/cli");
const MANIFEST = "build.json";

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
 * Builds the CLI into `outDir`. The modules are written first and the entry point and the manifest
 * last, so that several commands rebuilding at once never load a half-written build.
 * `prune` removes modules of earlier builds (safe only when no command is running from them).
 */
export async function buildCli({ root = ROOT, outDir = OUT_DIR, prune = false } = {}) {
  const { build } = await import("esbuild");
  const builtAt = Date.now();
  const result = await build({
    absWorkingDir: root,
    entryPoints: [join(root, "src/cli/main.ts")],
    outdir: outDir,
    outExtension: { ".js": ".mjs" },
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    // Bundled CommonJS packages may call require().
    banner: {
      js: 'import { createRequire as __createRequire } from "node:module"; const require = __createRequire(import.meta.url);',
    },
    plugins: [lazyChildProcess, externalPackages, sourceDirname(outDir)],
    metafile: true,
    write: false,
    logLevel: "silent",
  });
  mkdirSync(outDir, { recursive: true });
  const entry = join(outDir, "main.mjs");
  const files = result.outputFiles.sort((a, b) => Number(a.path === entry) - Number(b.path === entry));
  for (const file of files) writeAtomically(file.path, file.contents);
  // Modules a plugin makes up (namespace:path, such as lazy-child-process:) are no files to watch.
  const sources = Object.keys(result.metafile.inputs).filter(
    (input) => !input.includes("node_modules/") && !/^[a-z-]+:/.test(input),
  );
  const inputs = [...sources, ...SETTINGS.filter((file) => existsSync(join(root, file)))];
  writeAtomically(join(outDir, MANIFEST), `${JSON.stringify({ builtAt, inputs }, null, 2)}\n`);
  if (prune) {
    const kept = new Set([MANIFEST, ...files.map((file) => relative(outDir, file.path))]);
    for (const name of readdirSync(outDir)) if (!kept.has(name) && !name.endsWith(".tmp")) rmSync(join(outDir, name));
  }
  return result.metafile;
}

/**
 * Whether the build in `outDir` was made from the sources as they are now: it exists, and none of
 * the files it was built from changed (or went) since. A new source file matters only once an
 * existing one imports it, and that edit changes the importing file.
 */
export function isBuildCurrent({ root = ROOT, outDir = OUT_DIR } = {}) {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(join(outDir, MANIFEST), "utf8"));
  } catch {
    return false;
  }
  // Every command runs this first: the paths are joined as text, as path.join's normalising of
  // some 240 paths cost more than stat-ing the files.
  return manifest.inputs.every((input) => {
    const stat = statSync(`${root}/${input}`, { throwIfNoEntry: false });
    return stat !== undefined && stat.mtimeMs <= manifest.builtAt;
  });
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
    await buildCli({ prune: true });
  } catch (error) {
    process.stderr.write(await formatBuildFailure(error));
    process.stderr.write("The CLI could not be built from src/ (errors above).\n");
    process.exitCode = 1;
  }
}
