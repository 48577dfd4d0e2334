import { Option, type Command } from "commander";
import type { Clock } from "./clock";
import type { Output } from "./output";

/** Where `exports new` reads answers: the terminal in use, a stream in tests. */
export interface Input {
  stream: NodeJS.ReadableStream;
  echo: NodeJS.WritableStream;
  isTTY?: boolean;
  /** Ask even when the stream is not a terminal (tests). */
  interactive?: boolean;
}

/** What a command's handler may use besides its options: where it writes, reads answers and the time. */
export interface CommandContext {
  out: Output;
  input?: Input;
  clock: Clock;
}

/** One option as `--help` shows it; `flags` are Commander's (`--format <format>`, `--keep-files`). */
export interface OptionDefinition {
  readonly flags: string;
  readonly description: string;
  readonly default?: string;
  readonly choices?: readonly string[];
  readonly required?: boolean;
  readonly parse?: (value: string) => unknown;
}

/** A positional argument, `<name>`, as `--help` shows it. */
export interface ArgumentDefinition {
  readonly name: string;
  readonly description: string;
}

/**
 * A command of `exports`, declared beside its handler in its folder. `options` is keyed by the
 * property Commander gives each option's value (the long flag in camelCase; a test checks it), so
 * the handler's type `O` and the options declared cannot name different keys. The handler loads
 * the command's module itself, so that `--help` loads none.
 */
export interface CommandDefinition<O extends object> {
  readonly name: string;
  readonly description: string;
  readonly arguments?: readonly ArgumentDefinition[];
  readonly options: { readonly [K in keyof O]-?: OptionDefinition };
  /** Runs the command: `args` are the positional arguments; resolves to the exit code. */
  run(options: O, context: CommandContext, args: readonly string[]): Promise<number>;
}

/** A command's definition, its options' keys checked against its handler's (see CommandDefinition). */
export function defineCommand<O extends object>(definition: CommandDefinition<O>): CommandDefinition<O> {
  return definition;
}

/** The `--root` every command but `status` reads the repository from. */
export const ROOT_OPTION: OptionDefinition = {
  flags: "--root <dir>",
  description: "repository root holding push_datasets/ and pull_datasets/",
  default: ".",
};

/** The `--format <format>` option with its choices and, when given, its default. */
export function formatOption(choices: readonly string[], defaultFormat?: string, description = "output format") {
  return { flags: "--format <format>", description, choices, ...(defaultFormat ? { default: defaultFormat } : {}) };
}

/** Commander's option for `definition`. */
export function commanderOption({ flags, description, ...rest }: OptionDefinition): Option {
  const option = new Option(flags, description);
  if (rest.choices) option.choices(rest.choices);
  if (rest.default !== undefined) option.default(rest.default);
  if (rest.parse) option.argParser(rest.parse);
  if (rest.required) option.makeOptionMandatory();
  return option;
}

/**
 * Adds `definition` to `program`; `done` receives the exit code its handler resolves to. What the
 * handler throws reaches `program.parseAsync`'s caller.
 */
export function addCommand<O extends object>(
  program: Command,
  definition: CommandDefinition<O>,
  context: CommandContext,
  done: (code: number) => void,
): void {
  const command = program.command(definition.name).description(definition.description);
  for (const { name, description } of definition.arguments ?? []) command.argument(name, description);
  for (const option of Object.values<OptionDefinition>(definition.options)) command.addOption(commanderOption(option));
  command.action(async () => done(await definition.run(command.opts<O>(), context, command.args)));
}
