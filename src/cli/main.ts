import { run } from "./program";
import { unexpectedErrorLine } from "./unexpected";

// An error escaping every command (from a stray callback) still gets one line and exit code 2.
const fail = (error: unknown) => {
  process.stderr.write(unexpectedErrorLine(process.argv[2] ?? "", error));
  process.exit(2);
};
process.on("uncaughtException", fail);
process.on("unhandledRejection", fail);

// The entry point: the only place that reads argv and touches the process.
process.exitCode = await run(
  process.argv.slice(2),
  { stdout: (text) => process.stdout.write(text), stderr: (text) => process.stderr.write(text) },
  { stream: process.stdin, echo: process.stdout, isTTY: process.stdin.isTTY === true },
);
