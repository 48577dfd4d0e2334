import { ROOT_OPTION, defineCommand, formatOption } from "../commandDefinition";

/** `exports check-branch`. */
export const checkBranchDefinition = defineCommand<{
  root: string;
  branch: string;
  base: string;
  head?: string;
  format: string;
}>({
  name: "check-branch",
  description:
    "Check that a pull request's dataset files match its branch name (push_dataset/<name> adds push_datasets/<name>.yaml).",
  options: {
    branch: { flags: "--branch <name>", description: "the pull request's branch", required: true },
    base: { flags: "--base <ref>", description: "the git ref it merges into, e.g. origin/main", required: true },
    head: { flags: "--head <ref>", description: "the git commit of the change (HEAD if not given)" },
    root: { ...ROOT_OPTION, description: "repository root" },
    format: formatOption(["text", "github"], "text"),
  },
  async run(options, { out }) {
    const { checkBranchCommand } = await import("./command");
    return checkBranchCommand(options, out);
  },
});
