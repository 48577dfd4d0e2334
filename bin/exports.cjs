#!/usr/bin/env node
// `exports`: runs the CLI compiled into dist/cli by the install (bin/build.mjs), from V8's cache
// of its compiled code (bin/codeCache.cjs). When a source is newer than that build (an edit, a
// checkout, an upgraded package), it rebuilds first: never a stale CLI. CommonJS, as are the two
// files it loads, so that a command starts without Node's loader of ES modules.
"use strict";
const { currentBuild, lastBuild } = require("./builtCli.cjs");
const { runWithCodeCache } = require("./codeCache.cjs");

/** Rebuilds the CLI; on failure prints esbuild's located errors and exits with 2. */
async function rebuild() {
  const { buildCli, formatBuildFailure } = await import("./build.mjs");
  try {
    await buildCli();
  } catch (error) {
    process.stderr.write(await formatBuildFailure(error));
    process.stderr.write(
      "exports: the CLI could not be rebuilt from src/ (errors above); fix them and run it again.\n",
    );
    process.exit(2);
  }
  // The build just made, even if a source changed again meanwhile: the next command rebuilds.
  return lastBuild();
}

const built = currentBuild();
if (built) runWithCodeCache(built, process.argv.slice(2));
else void rebuild().then((file) => runWithCodeCache(file, process.argv.slice(2)));
