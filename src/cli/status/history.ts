import { ledgerBucketName } from "../../config/platformBuckets";
import type { Ledger } from "../../custody/record";
import { formatHistory, type HistoryFormat } from "../../delivery/formatHistory";
import { historyRange } from "../../delivery/historyRange";
import type { Plan } from "../../plan/plan";
import { visible } from "../../report/escape";
import type { Output } from "../output";
import { startLocalPlatform } from "../localPort";
import { s3Failure } from "../s3Failure";
import { openLedger } from "./ledger";

export interface HistoryOptions {
  from?: string;
  to?: string;
  format: HistoryFormat;
  local: boolean;
  port: number;
}

/**
 * `exports status <dataset> --history --from <date> [--to <date>]`: every delivery record of the
 * dataset in the period, from the delivery ledger, oldest first. A dataset removed from the
 * repository keeps its records: it is read all the same, with a note on stderr.
 */
export async function historyCommand(
  dataset: string,
  plan: Plan,
  options: HistoryOptions,
  out: Output,
  deps: { ledger?: Ledger; now?: Date },
): Promise<number> {
  const range = historyRange(options.from, options.to, deps.now ?? new Date());
  if ("error" in range) {
    out.stderr(`exports status: ${visible(range.error)}\n`);
    return 2;
  }
  if (!plan.push.some((p) => p.dataset.name === dataset))
    out.stderr(
      `exports status: ${JSON.stringify(visible(dataset))} is not a push dataset of this repository now; its records are read all the same.\n`,
    );
  const ledger = deps.ledger ?? (await openLedger({ plan, local: options.local, port: options.port }));
  if ("error" in ledger) {
    out.stderr(`exports status: ${ledger.error}.\n`);
    return 1;
  }
  let records;
  try {
    records = await ledger.history(dataset, range.from, range.to);
  } catch (error) {
    const bucket = ledgerBucketName(plan.settings.exportBucket);
    const port = options.port;
    const place = options.local
      ? {
          bucket,
          endpoint: `http://127.0.0.1:${port}`,
          unreachable: `Start the local platform first (${startLocalPlatform(port)}), or give --port the port it was started with.`,
        }
      : { bucket };
    const advice =
      "Reading it needs s3:ListBucketVersions and s3:GetObjectVersion on the ledger bucket and kms:Decrypt on the records key (docs/operators.md).";
    out.stderr(
      `exports status: could not read the delivery ledger s3://${bucket}: ${s3Failure(error, place, advice)}\n`,
    );
    return 1;
  }
  out.stdout(formatHistory(dataset, range, records, options.format));
  return 0;
}
