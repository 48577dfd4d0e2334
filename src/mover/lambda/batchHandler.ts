import type { SQSBatchResponse, SQSEvent } from "aws-lambda";
import type { BatchDeps } from "../../custody/checkBatch";
import type { Ledger } from "../../custody/record";
import { afterMove, type AuditLog, type MoverMetrics, type Tried } from "../../delivery/afterMove";
import type { PublishNotice } from "../../delivery/publishNotice";
import { MAX_TRIES } from "../retries";
import { moveObjects, type ClientForDataset, type DatasetRoute, type MoverOptions } from "../moveObject";
import { BadEventError, objectEventsOf } from "../objectEvent";

export type { AuditLog, MoverMetrics };

export interface MoverDeps {
  routes: ReadonlyMap<string, DatasetRoute>;
  s3For: ClientForDataset;
  options: MoverOptions;
  log: AuditLog;
  metrics: MoverMetrics;
  /** Tries of one message before SQS moves it to the dead-letter queue; the queue's maxReceiveCount by default. */
  maxAttempts?: number;
  /** Sends delivery notices to datasets' topics (decision 0010); without it none are sent. */
  publish?: PublishNotice;
  /** Sealed batches' manifests (decision 0018): the delivery ledger (decision 0017) and the KMS signer. */
  custody?: BatchDeps;
  /** The delivery ledger (decision 0017) the outcomes of each batch of moves are appended to. */
  ledger?: Ledger;
}

/**
 * Thrown when every message of a batch failed, as Powertools' batch processor does: the whole
 * batch is retried, and the invocation counts as an error in Lambda's metrics and backoff.
 */
export class FullBatchFailureError extends Error {
  override name = "FullBatchFailureError";
}

/**
 * Handles one SQS batch of S3 events: moves every object it names, together, so that the deletes
 * of the whole batch go in a few DeleteObjects requests. What follows the moves (classify, audit
 * line, metrics, notices, retry or give up) is afterMove's, shared with the local platform
 * (src/delivery/afterMove.ts); this adapter carries out its verdicts the SQS way. A message is
 * reported for retry (then the dead-letter queue) when any of its objects must be tried again,
 * and the handler throws when every message failed; a message that cannot be read is logged and
 * counted. (Powertools' BatchProcessor hands records over one at a time, which would defeat the batching.)
 */
export function batchHandler(deps: MoverDeps) {
  return async (batch: SQSEvent): Promise<SQSBatchResponse> => {
    const work: Tried[] = [];
    for (const record of batch.Records) {
      try {
        // SQS counts every receive of a message: the first delivery is 1.
        const attempt = Number(record.attributes?.ApproximateReceiveCount) || 1;
        for (const event of objectEventsOf(record.body))
          work.push({ event, attempt, fields: { messageId: record.messageId } });
      } catch (error) {
        if (!(error instanceof BadEventError)) throw error;
        deps.log.error("unreadable message dropped", { messageId: record.messageId, reason: error.message });
        deps.metrics.addMetric("UnreadableMessages", "Count", 1);
      }
    }
    const results = await moveObjects(
      work.map((w) => w.event),
      deps.routes,
      deps.s3For,
      deps.options,
    );
    const handled = await afterMove(work, results, { ...deps, maxAttempts: deps.maxAttempts ?? MAX_TRIES });
    // SQS keeps each message's count: a message with an object to try again, or given up on, goes
    // back to the queue, which moves it to the dead-letter queue after MAX_TRIES receives.
    const failed = new Set(handled.filter((h) => h.verdict !== "done").map((h) => String(h.tried.fields?.messageId)));
    if (batch.Records.length > 0 && failed.size === batch.Records.length)
      throw new FullBatchFailureError(`all ${failed.size} messages of the batch failed; each failure is logged above`);
    return { batchItemFailures: [...failed].map((itemIdentifier) => ({ itemIdentifier })) };
  };
}
