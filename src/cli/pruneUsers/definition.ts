import { ROOT_OPTION, defineCommand, formatOption } from "../commandDefinition";

/** `exports prune-users --aws`. */
export const pruneUsersDefinition = defineCommand<{ aws: boolean; root: string; format: "text" | "json" }>({
  name: "prune-users",
  description:
    "Remove from the dataset files, in place, the platform users whose IAM role no longer exists; nothing else.",
  options: {
    aws: { flags: "--aws", description: "ask IAM with the caller's credentials", required: true },
    root: ROOT_OPTION,
    format: formatOption(["text", "json"], "text"),
  },
  async run({ root, format }, { out, clock }) {
    const { pruneUsersCommand } = await import("./command");
    return pruneUsersCommand({ root, format, clock }, out);
  },
});
