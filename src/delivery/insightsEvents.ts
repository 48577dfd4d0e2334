// The mover's audit log on AWS, read back with CloudWatch Logs Insights: the only file that uses its client.
import {
  GetQueryResultsCommand,
  StartQueryCommand,
  type CloudWatchLogsClient,
  type ResultField,
} from "@aws-sdk/client-cloudwatch-logs";
import type { DeliveryEvent } from "./deliveryEvent";
import { parseEvent } from "./parseEvent";

/** GetQueryResults returns at most 10,000 rows (CloudWatch Logs API reference, GetQueryResults). */
const MAX_ROWS = 10_000;

/** A Lambda function's log group, as Lambda names it when none is configured. */
export const lambdaLogGroup = (functionName: string) => `/aws/lambda/${functionName}`;

export class QueryError extends Error {
  override name = "QueryError";
}

/**
 * The query for one dataset's delivery events. Logs Insights flattens JSON log lines on
 * ingestion, so the audit line's `delivery` object is queried as `delivery.dataset`. Dataset
 * names are validated (lower case letters, digits, underscores), so quoting one is safe.
 */
export function insightsQuery(dataset: string): string {
  if (!/^[a-z0-9_]+$/.test(dataset)) throw new QueryError(`not a push dataset name: ${JSON.stringify(dataset)}`);
  return [
    "fields @timestamp, @message",
    `filter delivery.dataset = "${dataset}"`,
    "sort @timestamp desc",
    `limit ${MAX_ROWS}`,
  ].join(" | ");
}

export interface InsightsOptions {
  logGroup: string;
  dataset: string;
  since: Date;
  now: Date;
  /** Waits between polls; injected so tests need not wait. */
  sleep: (ms: number) => Promise<void>;
  /** Polls before giving up: Insights runs a query in seconds over a day of one function's log. */
  maxPolls?: number;
}

const eventOf = (row: ResultField[]): DeliveryEvent | undefined => {
  const message = row.find((f) => f.field === "@message")?.value;
  if (!message) return undefined;
  try {
    return parseEvent((JSON.parse(message) as { delivery?: unknown }).delivery);
  } catch {
    return undefined;
  }
};

/**
 * One dataset's delivery events since `since`, from the mover's audit log: StartQuery, then
 * GetQueryResults until the query completes. Needs logs:StartQuery on the log group and
 * logs:GetQueryResults (which takes no resource: "*").
 */
export async function insightsEvents(
  logs: CloudWatchLogsClient,
  o: InsightsOptions,
): Promise<{ events: DeliveryEvent[]; truncated: boolean }> {
  const { queryId } = await logs.send(
    new StartQueryCommand({
      logGroupName: o.logGroup,
      // Seconds since the epoch, both ends inclusive.
      startTime: Math.floor(o.since.getTime() / 1000),
      endTime: Math.ceil(o.now.getTime() / 1000),
      queryString: insightsQuery(o.dataset),
      limit: MAX_ROWS,
    }),
  );
  if (!queryId) throw new QueryError("CloudWatch Logs started no query (no query id returned)");
  for (let poll = 0; poll < (o.maxPolls ?? 120); poll++) {
    const out = await logs.send(new GetQueryResultsCommand({ queryId }));
    if (out.status === "Complete") {
      const rows = out.results ?? [];
      const events = rows.map(eventOf).filter((e): e is DeliveryEvent => e !== undefined);
      return { events, truncated: rows.length >= MAX_ROWS };
    }
    if (out.status !== "Running" && out.status !== "Scheduled")
      throw new QueryError(`the Logs Insights query ended ${out.status ?? "without a status"}; run it again`);
    await o.sleep(Math.min(250 * 2 ** poll, 2000));
  }
  throw new QueryError("the Logs Insights query did not finish in time; try a shorter --since");
}
