import { Command, CommanderError } from "commander";
import { systemClock, type Clock } from "./clock";
import { addCommand, type CommandDefinition, type Input } from "./commandDefinition";
import type { Output } from "./output";
import { unexpectedErrorLine } from "./unexpected";
import { adoptDefinition } from "./adopt/definition";
import { checkBranchDefinition } from "./checkBranch/definition";
import { checkDeployDefinition } from "./checkDeploy/definition";
import { devDefinition } from "./dev/definition";
import { doctorDefinition } from "./doctor/definition";
import { expiringDefinition } from "./expiring/definition";
import { migrateDefinition } from "./migrate/definition";
import { newDefinition } from "./new/definition";
import { planDefinition } from "./plan/definition";
import { pruneUsersDefinition } from "./pruneUsers/definition";
import { publicKeyDefinition } from "./publicKey/definition";
import { sealDefinition } from "./seal/definition";
import { statusDefinition } from "./status/definition";
import { synthDefinition } from "./synth/definition";
import { validateDefinition } from "./validate/definition";
import { verifyDefinition } from "./verify/definition";

export type { Input } from "./commandDefinition";

/** Every command of `exports`, in the order `exports --help` lists them. */
export const COMMANDS: readonly CommandDefinition<Record<string, unknown>>[] = [
  validateDefinition,
  planDefinition,
  migrateDefinition,
  synthDefinition,
  adoptDefinition,
  checkDeployDefinition,
  checkBranchDefinition,
  newDefinition,
  expiringDefinition,
  doctorDefinition,
  pruneUsersDefinition,
  statusDefinition,
  sealDefinition,
  verifyDefinition,
  publicKeyDefinition,
  devDefinition,
];

/**
 * Runs the `exports` command line with `args` (without node and the script) and returns the exit code:
 * 0 ok, 1 invalid input, 2 usage error or an unexpected error. `clock` is where commands read
 * the time.
 */
export async function run(
  args: readonly string[],
  out: Output,
  input?: Input,
  clock: Clock = systemClock,
): Promise<number> {
  let code = 0;
  const program = new Command("exports")
    .description("Validate, plan and run data exports described by the dataset files of this repository.")
    .exitOverride()
    .configureOutput({ writeOut: out.stdout, writeErr: out.stderr })
    .showHelpAfterError("(run exports --help for usage)");
  for (const definition of COMMANDS)
    addCommand(program, definition, { out, ...(input ? { input } : {}), clock }, (exit) => (code = exit));
  try {
    await program.parseAsync([...args], { from: "user" });
  } catch (error) {
    if (!(error instanceof CommanderError)) {
      out.stderr(unexpectedErrorLine(args.find((a) => !a.startsWith("-")) ?? "", error));
      return 2;
    }
    if (error.code === "exports.kind") out.stderr(`${error.message}\n`);
    return error.exitCode === 0 ? 0 : 2;
  }
  return code;
}
