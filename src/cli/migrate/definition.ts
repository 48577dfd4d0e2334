import { ROOT_OPTION, defineCommand } from "../commandDefinition";

/** `exports migrate`. */
export const migrateDefinition = defineCommand<{ root: string }>({
  name: "migrate",
  description:
    "Rewrite the old system's dataset files into today's form, in place, without changing a name, bucket or grant.",
  options: { root: ROOT_OPTION },
  async run(options, { out }) {
    const { migrateCommand } = await import("./command");
    return migrateCommand(options, out);
  },
});
