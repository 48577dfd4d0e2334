// The mover's Lambda entry point: the only file that reads the environment and builds clients.
import { readFileSync } from "node:fs";
import { BatchProcessor, EventType, processPartialResponse } from "@aws-lambda-powertools/batch";
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import { S3Client } from "@aws-sdk/client-s3";
import { fromTemporaryCredentials } from "@aws-sdk/credential-providers";
import type { Context, SQSEvent } from "aws-lambda";
import type { DatasetRoute } from "../moveObject";
import { MIB } from "../parts";
import { routeMap } from "../routes";
import { recordHandler } from "./recordHandler";

/** Written beside the bundle at synthesis: where each push dataset's objects go. */
const routes = routeMap(JSON.parse(readFileSync(new URL("./routes.json", import.meta.url), "utf8")) as DatasetRoute[]);
const logger = new Logger({ serviceName: "data-exports-mover" });
const metrics = new Metrics({ namespace: "DataExports", serviceName: "mover" });
const processor = new BatchProcessor(EventType.SQS);

/** One client per dataset, acting as its role; the credentials refresh themselves before expiry. */
const clients = new Map<string, S3Client>();
function s3For(dataset: string): S3Client {
  let client = clients.get(dataset);
  const route = routes.get(dataset);
  if (!client && route) {
    const credentials = fromTemporaryCredentials({ params: { RoleArn: route.roleArn, RoleSessionName: `data-exports-${dataset}`.slice(0, 64), DurationSeconds: 3600 } });
    client = new S3Client({ credentials, maxAttempts: 5 });
    clients.set(dataset, client);
  }
  if (!client) throw new Error(`no route for dataset ${dataset}`);
  return client;
}

const handle = recordHandler({
  routes,
  s3For,
  options: {
    exportBucket: process.env.EXPORT_BUCKET ?? "",
    multipartThreshold: 64 * MIB,
    partSize: 64 * MIB,
    concurrency: 16,
  },
  log: logger,
  metrics: { addMetric: (name, unit, value) => metrics.addMetric(name, MetricUnit[unit], value) },
});

export const handler = async (event: SQSEvent, context: Context) => {
  logger.addContext(context);
  try {
    return await processPartialResponse(event, handle, processor, { context });
  } finally {
    metrics.publishStoredMetrics();
  }
};
