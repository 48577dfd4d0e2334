import { HISTORY_FORMATS, type HistoryFormat } from "../../delivery/formatHistory";
import { STATUS_FORMATS, type StatusFormat } from "../../delivery/formatStatus";
import { ROOT_OPTION, defineCommand, formatOption } from "../commandDefinition";

type StatusCommandLine = {
  since: string;
  format: StatusFormat | HistoryFormat;
  history?: boolean;
  from?: string;
  to?: string;
  local?: boolean;
  port: string;
  root: string;
};

/** `exports status <dataset>`. */
export const statusDefinition = defineCommand<StatusCommandLine>({
  name: "status",
  description:
    "Say which of a dataset's files arrived, which did not, why, and who must act; with --history, everything that left for it between two dates, from the delivery ledger.",
  arguments: [{ name: "<dataset>", description: "the push dataset's name" }],
  options: {
    since: {
      flags: "--since <age>",
      description: "how far back to look: minutes (m), hours (h) or days (d)",
      default: "24h",
    },
    history: {
      flags: "--history",
      description:
        "every delivery record of the dataset from --from to --to (what left, its SHA-256, who uploaded it, where it arrived), from the delivery ledger",
    },
    from: {
      flags: "--from <date>",
      description: "with --history: the start, a date (2026-12-01, UTC) or a time with its zone (2026-12-01T09:00:00Z)",
    },
    to: {
      flags: "--to <date>",
      description: "with --history: the end; a date includes that whole day (default: now)",
    },
    format: formatOption(
      [...new Set([...STATUS_FORMATS, ...HISTORY_FORMATS])],
      "text",
      "output format (csv: with --history)",
    ),
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
    return statusCommand(
      dataset,
      { ...options, local: options.local ?? false, history: options.history ?? false },
      out,
    );
  },
});
