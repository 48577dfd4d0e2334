import type { Settings } from "../../config/settings";
import { STATUS_QUERY, STATUS_RESULTS } from "../actions";
import { MOVER_FUNCTION } from "../names";
import type { PolicyDocument } from "../policyDocument";

/** The managed policy people attach to run `exports status` against AWS. */
export const STATUS_POLICY = "data-exports-status";

/**
 * What `exports status` needs, and nothing more: a Logs Insights query over the mover's log
 * group, and its results. GetQueryResults names no resource type, so it takes "*"; it returns
 * only queries the caller could start. It lets nobody read log events directly, nor any other
 * log group. https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoncloudwatchlogs.html
 */
export function statusReaderPolicy(settings: Settings): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "QueryMoverLog",
        Effect: "Allow",
        Action: STATUS_QUERY,
        Resource: `arn:aws:logs:${settings.region}:${settings.accountId}:log-group:/aws/lambda/${MOVER_FUNCTION}:*`,
      },
      { Sid: "ReadQueryResults", Effect: "Allow", Action: STATUS_RESULTS, Resource: "*" },
    ],
  };
}
