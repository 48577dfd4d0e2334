import { run } from "./program";

// The entry point: the only place that reads argv and touches the process.
process.exitCode = await run(
  process.argv.slice(2),
  { stdout: (text) => process.stdout.write(text), stderr: (text) => process.stderr.write(text) },
  { stream: process.stdin, echo: process.stdout, isTTY: process.stdin.isTTY === true },
);
