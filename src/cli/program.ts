import { Command, CommanderError, Option } from "commander";
import type { Output } from "./output";
import { validateCommand } from "./validate/command";
import { FORMATS, type Format } from "./validate/format";

/** Exit codes of every command: 0 ok, 1 invalid input, 2 usage error. */
export const EXIT = { ok: 0, invalid: 1, usage: 2 } as const;

/** Runs the `exports` command line with `args` (without node and the script) and returns the exit code. */
export async function run(args: readonly string[], out: Output): Promise<number> {
  let code: number = EXIT.ok;
  const program = new Command("exports")
    .description("Validate, plan and run data exports described by the dataset files of this repository.")
    .exitOverride()
    .configureOutput({ writeOut: out.stdout, writeErr: out.stderr })
    .showHelpAfterError("(run exports --help for usage)");

  program
    .command("validate")
    .description("Check every dataset file and the settings file; report each problem with its file, line and column.")
    .option("--root <dir>", "repository root holding push_datasets/ and pull_datasets/", ".")
    .addOption(new Option("--format <format>", "output format").choices(FORMATS).default("text"))
    .action(async (options: { root: string; format: Format }) => {
      code = await validateCommand(options, out);
    });

  try {
    await program.parseAsync([...args], { from: "user" });
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  }
  return code;
}
