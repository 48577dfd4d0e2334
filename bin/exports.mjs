#!/usr/bin/env node
// Runs the CLI compiled into dist/cli by the install (see build.mjs). When a source is newer than
// that build (an edit, a checkout, an upgraded package), it rebuilds first: never a stale CLI.
import module from "node:module";
import { buildCli, formatBuildFailure, isBuildCurrent } from "./build.mjs";

// Node 22 and later keep the compiled code between runs; Node 20 has no such cache.
module.enableCompileCache?.();

if (!isBuildCurrent()) {
  try {
    await buildCli();
  } catch (error) {
    process.stderr.write(await formatBuildFailure(error));
    process.stderr.write(
      "exports: the CLI could not be rebuilt from src/ (errors above); fix them and run it again.\n",
    );
    process.exit(2);
  }
}
await import("../dist/cli/main.mjs");
