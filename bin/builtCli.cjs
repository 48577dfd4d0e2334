// Which build of the CLI to run (bin/build.mjs writes it): read by bin/exports.cjs at every
// command, so it is CommonJS, loads nothing but node:fs and node:path, and builds nothing.
"use strict";
const { readFileSync, statSync } = require("node:fs");
const { join } = require("node:path");

const ROOT = join(__dirname, "..");
const OUT_DIR = join(ROOT, "dist/cli");
/** The file, written last by each build, that names the build's file and the sources it was made from. */
const MANIFEST = "build.json";

/** The manifest in `outDir` ({ builtAt, entry, inputs }), or undefined when there is none to read. */
function readManifest(outDir) {
  try {
    return JSON.parse(readFileSync(join(outDir, MANIFEST), "utf8"));
  } catch {
    return undefined;
  }
}

/**
 * The path of the CLI's file in `outDir` if it was built from the sources as they are now (none
 * of the files it was built from changed or went since), otherwise undefined. A new source file
 * matters only once an existing one imports it, and that edit changes the importing file.
 */
function currentBuild({ root = ROOT, outDir = OUT_DIR } = {}) {
  const manifest = readManifest(outDir);
  if (typeof manifest?.entry !== "string") return undefined;
  // Every command runs this first: the paths are joined as text, as path.join's normalising of
  // some 240 paths cost more than stat-ing the files.
  const current = manifest.inputs.every((input) => {
    const stat = statSync(`${root}/${input}`, { throwIfNoEntry: false });
    return stat !== undefined && stat.mtimeMs <= manifest.builtAt;
  });
  return current ? `${outDir}/${manifest.entry}` : undefined;
}

/** The path of the CLI's file in `outDir` as last built, current or not; undefined if there is none. */
function lastBuild({ outDir = OUT_DIR } = {}) {
  const entry = readManifest(outDir)?.entry;
  return typeof entry === "string" ? `${outDir}/${entry}` : undefined;
}

module.exports = { ROOT, OUT_DIR, MANIFEST, readManifest, currentBuild, lastBuild };
