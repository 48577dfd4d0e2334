import type { SQSBatchResponse, SQSEvent } from "aws-lambda";
import { deliveryEvent } from "../../delivery/deliveryEvent";
import { sendNotices, type PendingNotice } from "../../delivery/sendNotices";
import type { PublishNotice } from "../../delivery/publishNotice";
import { MoveError } from "../errors";
import { MAX_TRIES } from "../retries";
import { moveObjects, type ClientForDataset, type DatasetRoute, type MoverOptions } from "../moveObject";
import { BadEventError, objectEventsOf, type ObjectEvent } from "../objectEvent";
import { unrecordedDelivery } from "../unrecordedDelivery";

/** The log the audit trail goes to: Powertools' Logger in Lambda, a recorder in tests. */
export interface AuditLog {
  info(message: string, fields: Record<string, unknown>): void;
  error(message: string, fields: Record<string, unknown>): void;
}

/** The metrics sink: Powertools' Metrics in Lambda. */
export interface MoverMetrics {
  addMetric(name: string, unit: "Count" | "Bytes" | "Milliseconds", value: number): void;
}

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
 * of the whole batch go in a few DeleteObjects requests, and writes one audit line per object.
 * A message is reported for retry (then the dead-letter queue) when any of its objects must be
 * retried, and the handler throws when every message failed; an object under no dataset, or a message that cannot be read, is logged and counted.
 * A kept object delivered whose delivery could not be recorded (S3's 10 tags) is a delivery: logged, counted, never retried.
 * (Powertools' BatchProcessor hands records over one at a time, which would defeat the batching.)
 */
export function batchHandler(deps: MoverDeps) {
  return async (batch: SQSEvent): Promise<SQSBatchResponse> => {
    const work: { messageId: string; event: ObjectEvent; attempt: number }[] = [];
    for (const record of batch.Records) {
      try {
        // SQS counts every receive of a message: the first delivery is 1.
        const attempt = Number(record.attributes?.ApproximateReceiveCount) || 1;
        for (const event of objectEventsOf(record.body)) work.push({ messageId: record.messageId, event, attempt });
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
    const failed = new Set<string>();
    const notices: PendingNotice[] = [];
    results.forEach((result, i) => {
      const { messageId, event, attempt } = work[i] as (typeof work)[number];
      // The delivery event rides on the audit line: `exports status` reads it back with Logs Insights.
      const delivery = deliveryEvent({
        event,
        result,
        attempt,
        maxAttempts: deps.maxAttempts ?? MAX_TRIES,
        routes: deps.routes,
        time: new Date(),
      });
      notices.push({ delivery, topicArn: deps.routes.get(delivery.dataset)?.noticeTopicArn });
      if (result instanceof MoveError && unrecordedDelivery(result)) {
        // In the target and verified: a retry would copy it again and fail again, and the dead-letter
        // queue would page operators for the requester's tags. The notice tells the requester once.
        deps.log.info("object delivered; its delivery could not be recorded on it, so it is not retried", {
          key: event.key,
          versionId: event.versionId,
          outcome: "copied-unrecorded",
          code: result.code,
          reason: result.message,
          messageId,
          delivery,
        });
        deps.metrics.addMetric("Objects", "Count", 1);
        deps.metrics.addMetric("UnrecordedDeliveries", "Count", 1);
        deps.metrics.addMetric("BytesMoved", "Bytes", event.size ?? 0);
        return;
      }
      if (result instanceof MoveError) {
        deps.log.error("object not moved; it stays in the export bucket and will be retried", {
          key: event.key,
          versionId: event.versionId,
          outcome: "failed",
          code: result.code,
          reason: result.message,
          messageId,
          delivery,
        });
        deps.metrics.addMetric("Failures", "Count", 1);
        failed.add(messageId);
        return;
      }
      const fields = { ...result, versionId: event.versionId, messageId, delivery };
      if (result.outcome === "not-a-dataset") {
        deps.log.error("object under no push dataset, left in the export bucket", fields);
        deps.metrics.addMetric("UnroutedObjects", "Count", 1);
        return;
      }
      deps.log.info("object handled", fields);
      deps.metrics.addMetric("Objects", "Count", 1);
      if (result.outcome === "moved" || result.outcome === "copied") {
        deps.metrics.addMetric("BytesMoved", "Bytes", result.size ?? 0);
        deps.metrics.addMetric("MoveLatency", "Milliseconds", result.durationMs ?? 0);
      }
    });
    // After every move of the batch is done and logged: a notice never holds a delivery back.
    if (deps.publish) await sendNotices(notices, deps.publish, deps.log, deps.metrics);
    if (batch.Records.length > 0 && failed.size === batch.Records.length)
      throw new FullBatchFailureError(`all ${failed.size} messages of the batch failed; each failure is logged above`);
    return { batchItemFailures: [...failed].map((itemIdentifier) => ({ itemIdentifier })) };
  };
}
