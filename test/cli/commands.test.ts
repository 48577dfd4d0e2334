import { Option } from "commander";
import { describe, expect, it } from "vitest";
import { COMMANDS } from "../../src/cli/program";

describe.each(COMMANDS.map((c) => [c.name, c] as const))("exports %s", (_name, command) => {
  it.each(Object.entries(command.options))("reads --%s's value under its key", (key, option) => {
    // The handler's options type is keyed as the definition is; Commander keys each value by its flag.
    expect(new Option(option.flags, option.description).attributeName()).toBe(key);
  });
});

it("declares each command once", () => {
  const names = COMMANDS.map((c) => c.name);
  expect(new Set(names).size).toBe(names.length);
});
