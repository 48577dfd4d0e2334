import { ROOT_OPTION, defineCommand } from "../commandDefinition";

/** `exports doctor --aws`. */
export const doctorDefinition = defineCommand<{ aws: boolean; root: string }>({
  name: "doctor",
  description:
    "Pre-flight against the real AWS account: users' roles exist, target buckets answer, deployed stacks match.",
  options: {
    aws: { flags: "--aws", description: "check against AWS with the caller's credentials", required: true },
    root: ROOT_OPTION,
  },
  async run(options, { out }) {
    const { doctorCommand } = await import("./command");
    return doctorCommand(options.root, out);
  },
});
