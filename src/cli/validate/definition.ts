import { ROOT_OPTION, defineCommand, formatOption } from "../commandDefinition";
import { FORMATS, type Format } from "./format";

/** The git commit whose files `validate` and `plan` read as data (the plan workflow's pull request head). */
export const HEAD_OPTION = {
  flags: "--head <ref>",
  description: "read the dataset files and settings of this git commit, as data, instead of the working tree",
};

/** `exports validate`. */
export const validateDefinition = defineCommand<{ root: string; format: Format; base?: string; head?: string }>({
  name: "validate",
  description: "Check every dataset file and the settings file; report each problem with its file, line and column.",
  options: {
    root: ROOT_OPTION,
    format: formatOption(FORMATS, "text"),
    base: {
      flags: "--base <ref>",
      description: "git ref the change merges into, e.g. origin/main: files not in it are new datasets",
    },
    head: HEAD_OPTION,
  },
  async run(options, { out, clock }) {
    const { validateCommand } = await import("./command");
    return validateCommand({ ...options, now: clock() }, out);
  },
});
