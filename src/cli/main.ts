import { run } from "./program";
import { unexpectedErrorLine } from "./unexpected";

// An error escaping every command (from a stray callback) still gets one line and exit code 2.
const fail = (error: unknown) => {
  process.stderr.write(unexpectedErrorLine(process.argv[2] ?? "", error));
  process.exit(2);
};
process.on("uncaughtException", fail);
process.on("unhandledRejection", fail);

/**
 * Writes to one of the process's streams, never throwing: once nobody reads it (EPIPE: a `tee`
 * or `head` that has gone, a closed terminal), what would be written is dropped, so a command
 * still finishes its work (`exports dev` still stops what it started).
 */
function writer(stream: NodeJS.WriteStream): (text: string) => void {
  let closed = false;
  stream.on("error", () => (closed = true));
  return (text) => {
    if (!closed && !stream.destroyed && stream.writable) stream.write(text);
  };
}

// The entry point: the only place that reads argv and touches the process. (No top-level await:
// the CLI is built as CommonJS, bin/build.mjs.)
void run(
  process.argv.slice(2),
  { stdout: writer(process.stdout), stderr: writer(process.stderr), isTTY: process.stdout.isTTY === true },
  // Read when a command asks (only `exports new` does): opening stdin loads Node's sockets or
  // terminal modules, a few per cent of every other command's start-up.
  {
    get stream() {
      return process.stdin;
    },
    echo: process.stdout,
    get isTTY() {
      return process.stdin.isTTY === true;
    },
  },
).then((code) => (process.exitCode = code), fail);
