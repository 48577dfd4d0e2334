import { EXPIRING_FORMATS, type ExpiringFormat } from "../../report/formatExpiring";
import { ROOT_OPTION, defineCommand, formatOption } from "../commandDefinition";

/** `exports expiring`. */
export const expiringDefinition = defineCommand<{ root: string; format?: ExpiringFormat; removeExpired?: boolean }>({
  name: "expiring",
  description:
    "List the datasets whose access ends within the warning window or has ended, with their users and paperwork.",
  options: {
    root: ROOT_OPTION,
    format: formatOption(EXPIRING_FORMATS, undefined, "output format (default: text in a terminal, else markdown)"),
    removeExpired: {
      flags: "--remove-expired",
      description: "also delete the files of datasets whose access has ended",
    },
  },
  async run(options, { out, clock }) {
    const { expiringCommand } = await import("./command");
    // A person at a terminal reads text; the workflow, writing to a file, gets the Markdown comment.
    const format = options.format ?? (out.isTTY ? "text" : "markdown");
    return expiringCommand({ ...options, format, removeExpired: options.removeExpired ?? false, now: clock() }, out);
  },
});
