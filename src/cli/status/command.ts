import { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import { accessEnded } from "../../delivery/accessEnded";
import { datasetStatus } from "../../delivery/datasetStatus";
import type { DeliveryEvent } from "../../delivery/deliveryEvent";
import { eventLogPath, readEventLog } from "../../delivery/eventLog";
import type { Ledger } from "../../custody/record";
import type { HistoryFormat } from "../../delivery/formatHistory";
import { formatStatus, type StatusFormat } from "../../delivery/formatStatus";
import { insightsEvents, lambdaLogGroup } from "../../delivery/insightsEvents";
import { parseSince } from "../../delivery/since";
import { visible } from "../../report/escape";
import { localStateDir } from "../../local/stateDir";
import type { PullDataset } from "../../config/dataset";
import type { Settings } from "../../config/settings";
import { loadPlan } from "../loadPlan";
import { DEFAULT_LOCAL_PORT, localPort, localPortError, startLocalPlatform } from "../localPort";
import type { Output } from "../output";
import { historyCommand } from "./history";

export interface StatusOptions {
  root: string;
  since: string;
  format: StatusFormat | HistoryFormat;
  /** Every delivery record of the dataset from `from` to `to`, from the delivery ledger. */
  history?: boolean;
  from?: string;
  to?: string;
  /** Read the local platform's event log (the one `exports dev --port <port>` writes) instead of AWS. */
  local: boolean;
  port: string;
}

/** What the command reaches outside: injected by tests. */
export interface StatusDeps {
  logs?: CloudWatchLogsClient;
  /** The delivery ledger --history reads; by default the one src/cli/status/ledger.ts opens. */
  ledger?: Ledger;
  now?: Date;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * The client that reads the mover's log: in the settings' region, where the platform is deployed,
 * whatever region (or none) the caller's AWS configuration names.
 */
export function moverLogsClient(settings: Pick<Settings, "region">): CloudWatchLogsClient {
  return new CloudWatchLogsClient({ region: settings.region });
}

/**
 * What status says of a pull dataset: it follows the files the mover delivers, and a pull dataset
 * has no mover; its bucket is where to look.
 */
function pullDatasetStatus(dataset: PullDataset, pushNames: readonly string[]): string {
  const name = JSON.stringify(visible(dataset.name));
  return [
    `${name} is a pull dataset: its platform users write to s3://${dataset.bucket}/ and its readers read there, with no mover in between, so there are no deliveries for status to follow.`,
    `To see what is in it: aws s3 ls --recursive s3://${dataset.bucket}/ (with the platform's credentials).`,
    `status follows push datasets: ${pushNames.join(", ") || "(none)"}.`,
  ].join(" ");
}

/** What is wrong with the command line's history options, or undefined: `--from`, `--to` and csv belong to --history. */
function historyUsage(options: StatusOptions): string | undefined {
  if (options.history) return undefined;
  const stray = [
    ...(options.from !== undefined ? ["--from"] : []),
    ...(options.to !== undefined ? ["--to"] : []),
    ...(options.format === "csv" ? ["--format csv"] : []),
  ];
  if (stray.length === 0) return undefined;
  return `${stray.join(" and ")} go with --history (e.g. exports status <dataset> --history --from 2026-12-01 --to 2026-12-07 --format csv); without it status shows the last --since of deliveries as text or json`;
}

/** `exports status <dataset>`: which of a dataset's objects arrived, which did not, why, and who must act. */
export async function statusCommand(
  dataset: string,
  options: StatusOptions,
  out: Output,
  deps: StatusDeps = {},
): Promise<number> {
  const usage = historyUsage(options);
  if (usage) {
    out.stderr(`exports status: ${usage}\n`);
    return 2;
  }
  const since = parseSince(options.since);
  if ("error" in since) {
    out.stderr(`exports status: ${since.error}\n`);
    return 2;
  }
  const loaded = await loadPlan("status", options.root, out);
  if ("code" in loaded) return loaded.code;
  const names = loaded.plan.push.map((p) => p.dataset.name);
  const pull = loaded.plan.pull.find((p) => p.dataset.name === dataset);
  if (pull) {
    out.stderr(`exports status: ${pullDatasetStatus(pull.dataset, names)}\n`);
    return 2;
  }
  const port = localPort(options.port);
  if (options.local && port === undefined) {
    out.stderr(`exports status: ${localPortError(visible(options.port))}\n`);
    return 2;
  }
  if (options.history)
    return historyCommand(dataset, loaded.plan, { ...options, port: port ?? DEFAULT_LOCAL_PORT }, out, deps);
  const format = options.format;
  if (format === "csv") return 2; // refused above by historyUsage; this narrows the format for formatStatus
  if (!names.includes(dataset)) {
    out.stderr(
      `exports status: there is no push dataset named ${JSON.stringify(visible(dataset))}; the push datasets are: ${names.join(", ") || "(none)"}.\n`,
    );
    return 2;
  }
  const now = deps.now ?? new Date();
  const start = new Date(now.getTime() - since.ms);
  // Said first, on stderr (the JSON on stdout stays JSON): it is why nothing arrives any more.
  const push = loaded.plan.push.find((p) => p.dataset.name === dataset);
  const ended = push && accessEnded(push.dataset, loaded.plan.settings, now);
  if (ended) out.stderr(ended.map((line) => `exports status: ${visible(line)}\n`).join(""));

  let events: DeliveryEvent[];
  if (options.local && port !== undefined) {
    const file = eventLogPath(localStateDir(port));
    const log = await readEventLog(file);
    if (!log) {
      out.stderr(
        `exports status: no local delivery log at ${file}. Start the local platform first (${startLocalPlatform(port)}), then export a file.\n`,
      );
      return 2;
    }
    if (log.skipped > 0)
      out.stderr(`exports status: ${log.skipped} line(s) of ${file} are not delivery events; skipped.\n`);
    events = log.events;
  } else {
    const logGroup = lambdaLogGroup(loaded.plan.mover.functionName);
    try {
      const found = await insightsEvents(deps.logs ?? moverLogsClient(loaded.plan.settings), {
        logGroup,
        dataset,
        since: start,
        now,
        sleep: deps.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
      });
      if (found.truncated)
        out.stderr("exports status: more events than one query returns; showing the newest. Use a shorter --since.\n");
      events = found.events;
    } catch (error) {
      out.stderr(
        `exports status: could not read the mover's log ${logGroup} with CloudWatch Logs Insights: ${visible((error as Error).message)}\nIt needs AWS credentials allowed logs:StartQuery on that log group and logs:GetQueryResults (docs/operators.md).\n`,
      );
      return 1;
    }
  }
  out.stdout(formatStatus(datasetStatus(events, dataset, start), format));
  return 0;
}
