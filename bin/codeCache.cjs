// Runs a CommonJS file with V8's cache of its compiled code: the first run of a command keeps the
// code V8 compiled for it in `<file>.<command>.cache`, and later runs of that command start from it
// instead of parsing and compiling the same JavaScript again. Node 22 and later do this for every
// module (module.enableCompileCache); Node 20 does it for none, and offers it only for a script
// compiled through node:vm, with `cachedData`.
// https://nodejs.org/api/vm.html#new-vmscriptcode-options
// https://nodejs.org/api/vm.html#scriptcreatecacheddata
"use strict";
const { readFileSync, renameSync, writeFileSync } = require("node:fs");
const Module = require("node:module");
const { dirname } = require("node:path");
const vm = require("node:vm");

/**
 * The cache's name for a run: its command (the first argument, when it is a word), so that each
 * command starts from the code it runs; `--help` and the like share one.
 */
function cacheName(file, args) {
  const command = /^[a-z][a-z-]{0,39}$/.test(args[0] ?? "") ? args[0] : "help";
  return `${file}.${command}.cache`;
}

function readCache(path) {
  try {
    return readFileSync(path);
  } catch {
    return undefined;
  }
}

/**
 * Runs `file` (CommonJS) as Node would require it, from the cache for `args` when V8 accepts it.
 * A missing or refused cache (another Node version, a damaged file) is written anew when the
 * command ends with 0 or 1; one that cannot be written (a read-only install) is done without.
 * The file is named by its content (bin/build.mjs), so a cache never meets code it was not made from.
 */
function runWithCodeCache(file, args) {
  const cachePath = cacheName(file, args);
  const cachedData = readCache(cachePath);
  // The build is ASCII (bin/build.mjs): read as Latin-1, the same text without decoding UTF-8.
  const script = new vm.Script(Module.wrap(readFileSync(file, "latin1")), {
    filename: file,
    ...(cachedData ? { cachedData } : {}),
  });
  if (!cachedData || script.cachedDataRejected)
    // At exit, so that the cache holds the functions the command compiled as it ran, not only the top level.
    process.once("exit", (code) => {
      if (code !== 0 && code !== 1) return;
      try {
        const temporary = `${cachePath}.${process.pid}.tmp`;
        writeFileSync(temporary, script.createCachedData());
        renameSync(temporary, cachePath);
      } catch {
        // A cache is only a speed-up.
      }
    });
  const module = { exports: {}, filename: file };
  script.runInThisContext()(module.exports, Module.createRequire(file), module, file, dirname(file));
}

module.exports = { runWithCodeCache };
