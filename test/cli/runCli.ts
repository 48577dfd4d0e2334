import { PassThrough } from "node:stream";
import type { Clock } from "../../src/cli/clock";
import { run, type Input } from "../../src/cli/program";

/** Runs `exports` with `args` as its command line would, and returns the exit code and what it printed. */
export async function runCli(args: readonly string[], options: { input?: Input; clock?: Clock } = {}) {
  let stdout = "";
  let stderr = "";
  const out = { stdout: (t: string) => (stdout += t), stderr: (t: string) => (stderr += t) };
  const code = await run(args, out, options.input, options.clock);
  return { code, stdout, stderr };
}

/**
 * Input that answers each prompt with the next of `answers` only once it is asked, as a person
 * would, and ends when they run out; `asked` collects the prompts. Without answers, nobody is
 * there to ask.
 */
export function answering(answers: readonly string[]): { input: Input; asked: string[] } {
  const left = [...answers];
  const asked: string[] = [];
  const stream = new PassThrough();
  const echo = new PassThrough();
  echo.on("data", (chunk: Buffer) => {
    const text = chunk.toString();
    if (/: $/.test(text)) {
      asked.push(text);
      const next = left.shift();
      if (next === undefined) stream.end();
      else stream.write(`${next}\n`);
    }
  });
  return { input: { stream, echo, interactive: answers.length > 0 }, asked };
}
