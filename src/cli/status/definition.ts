import { STATUS_FORMATS, type StatusFormat } from "../../delivery/formatStatus";
import { ROOT_OPTION, defineCommand, formatOption } from "../commandDefinition";

type StatusCommandLine = {
  since: string;
  format: StatusFormat;
  local?: boolean;
  port: string;
  root: string;
};

/** `exports status <dataset>`. */
export const statusDefinition = defineCommand<StatusCommandLine>({
  name: "status",
  description: "Say which of a dataset's files arrived, which did not, why, and who must act.",
  arguments: [{ name: "<dataset>", description: "the push dataset's name" }],
  options: {
    since: {
      flags: "--since <age>",
      description: "how far back to look: minutes (m), hours (h) or days (d)",
      default: "24h",
    },
    format: formatOption(STATUS_FORMATS, "text"),
    local: {
      flags: "--local",
      description: "read the local platform's delivery log (npm start) instead of the mover's log on AWS",
    },
    port: {
      flags: "--port <port>",
      description: "with --local: the port the local platform was started with",
      default: "7480",
    },
    root: ROOT_OPTION,
  },
  async run(options, { out }, [dataset = ""]) {
    const { statusCommand } = await import("./command");
    return statusCommand(dataset, { ...options, local: options.local ?? false }, out);
  },
});
