import { ROOT_OPTION, defineCommand } from "../commandDefinition";

/** `exports adopt`. */
export const adoptDefinition = defineCommand<{ root: string; out: string }>({
  name: "adopt",
  description:
    "Write the cdk import resource mappings that adopt the old deployment's buckets, bucket policies and mover roles.",
  options: {
    root: ROOT_OPTION,
    out: { flags: "--out <dir>", description: "where to write one mapping file per stack", default: "adopt" },
  },
  async run(options, { out }) {
    const { adoptCommand } = await import("./command");
    return adoptCommand(options, out);
  },
});
