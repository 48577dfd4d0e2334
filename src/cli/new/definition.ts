import { CommanderError } from "commander";
import { ROOT_OPTION, defineCommand, type CommandDefinition } from "../commandDefinition";
import type { NewOptions } from "./command";
import { NEW_FLAGS } from "./flags";

type NewCommandLine = Omit<NewOptions, "now">;

/** NEW_FLAGS as options: each entry's `option` names the NewOptions key Commander gives its value. */
const FLAG_OPTIONS = Object.fromEntries(
  NEW_FLAGS.map(({ option, spec, help }) => [option, { flags: spec, description: help }]),
) as Omit<CommandDefinition<NewCommandLine>["options"], "root">;

/** `exports new <kind> <name>`: asks for what the flags do not give. */
export const newDefinition = defineCommand<NewCommandLine>({
  name: "new",
  description: "Write a new dataset file, asking for what the flags do not give and checking each answer.",
  arguments: [
    { name: "<kind>", description: "push or pull" },
    { name: "<name>", description: "the dataset's name, e.g. court_listings" },
  ],
  options: { root: ROOT_OPTION, ...FLAG_OPTIONS },
  async run(options, { out, input, clock }, [kind = "", name = ""]) {
    if (kind !== "push" && kind !== "pull")
      throw new CommanderError(2, "exports.kind", `error: the kind must be push or pull, not ${JSON.stringify(kind)}`);
    const { askWith, newCommand } = await import("./command");
    const { createInterface } = await import("node:readline/promises");
    const rl =
      input?.isTTY || input?.interactive ? createInterface({ input: input.stream, output: input.echo }) : undefined;
    try {
      return await newCommand(kind, name, { ...options, now: clock() }, askWith(rl), out);
    } finally {
      rl?.close();
    }
  },
});
