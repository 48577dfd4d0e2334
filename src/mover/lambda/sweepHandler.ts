// The sweep's Lambda entry point: scheduled, it re-queues objects the mover should have moved.
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import { S3Client } from "@aws-sdk/client-s3";
import { SQSClient, SendMessageBatchCommand } from "@aws-sdk/client-sqs";
import { SWEEP_EVERY_MINUTES } from "../retries";
import { s3EventMessage } from "../s3EventMessage";
import { sweep } from "../sweep";
import { bundledRoutes } from "./bundledRoutes";
import { requiredEnv } from "./environment";

const exportBucket = requiredEnv("EXPORT_BUCKET");
const queueUrl = requiredEnv("QUEUE_URL");
const routes = bundledRoutes();
const logger = new Logger({ serviceName: "data-exports-sweeper" });
const metrics = new Metrics({ namespace: "DataExports", serviceName: "sweeper" });
const s3 = new S3Client({});
const sqs = new SQSClient({});
const MINUTE = 60_000;

export const handler = async () => {
  try {
    const found = await sweep(s3, routes, {
      exportBucket,
      requeueAfterMs: SWEEP_EVERY_MINUTES * MINUTE,
      alarmAfterMs: 60 * MINUTE,
      now: new Date(),
    });
    for (let i = 0; i < found.requeue.length; i += 10) {
      const batch = found.requeue.slice(i, i + 10);
      const sent = await sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: queueUrl,
          Entries: batch.map((e, n) => ({ Id: String(n), MessageBody: s3EventMessage([e]) })),
        }),
      );
      if (sent.Failed?.length)
        logger.error("some objects could not be re-queued; the next sweep tries again", { failed: sent.Failed });
    }
    for (const key of found.unrouted) logger.error("object under no push dataset, left in the export bucket", { key });
    // Not an error and no alarm: the mover told the requester when it delivered one (decision 0013).
    for (const key of found.unrecordable)
      logger.info("kept object with no delivery mark and 10 tags: not sent again, as it may have been delivered", {
        key,
      });
    logger.info("sweep done", {
      requeued: found.requeue.length,
      leftovers: found.leftovers,
      unrouted: found.unrouted.length,
      unrecordable: found.unrecordable.length,
      // Held back by a contract: the requester's to mend, told by the mover; never paged (decision 0016).
      held: found.held.length,
    });
    metrics.addMetric("Requeued", MetricUnit.Count, found.requeue.length);
    metrics.addMetric("LeftoverObjects", MetricUnit.Count, found.leftovers);
    metrics.addMetric("UnroutedObjects", MetricUnit.Count, found.unrouted.length);
    metrics.addMetric("UnrecordableKeptObjects", MetricUnit.Count, found.unrecordable.length);
  } finally {
    metrics.publishStoredMetrics();
  }
};
