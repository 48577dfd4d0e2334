// The mover's Lambda entry point: the only file that reads the environment and builds clients.
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import { GetPublicKeyCommand, KMSClient, SignCommand } from "@aws-sdk/client-kms";
import { S3Client } from "@aws-sdk/client-s3";
import { SNSClient } from "@aws-sdk/client-sns";
import { fromTemporaryCredentials } from "@aws-sdk/credential-providers";
import type { Context, SQSEvent } from "aws-lambda";
import { s3Ledger } from "../../custody/s3Ledger";
import { kmsSigner } from "../../custody/signer";
import { snsPublisher } from "../../delivery/publishNotice";
import { datasetClients } from "../datasetClients";
import { MIB } from "../parts";
import { batchHandler } from "./batchHandler";
import { MOVER_S3_CONFIG } from "./clientConfig";
import { bundledRoutes } from "./bundledRoutes";
import { requiredEnv } from "./environment";

const exportBucket = requiredEnv("EXPORT_BUCKET");
const routes = bundledRoutes();
const logger = new Logger({ serviceName: "data-exports-mover" });
const metrics = new Metrics({ namespace: "DataExports", serviceName: "mover" });

/** Each dataset's client acts as its role; the SDK refreshes the credentials before they expire. */
const s3For = datasetClients(
  routes,
  (RoleArn, RoleSessionName) =>
    fromTemporaryCredentials({ params: { RoleArn, RoleSessionName, DurationSeconds: 3600 } }),
  MOVER_S3_CONFIG,
);

const kms = new KMSClient({});
/**
 * Sealed batches (decision 0018): the delivery ledger, written and read with the function's own
 * role (decision 0017), and the manifest signing key, which only this role may Sign with.
 */
const custody = {
  exportBucket,
  routes,
  s3For,
  ledger: s3Ledger(new S3Client(MOVER_S3_CONFIG), requiredEnv("LEDGER_BUCKET")),
  signer: kmsSigner(
    requiredEnv("MANIFEST_SIGNING_KEY"),
    (input) => kms.send(new SignCommand(input)),
    (input) => kms.send(new GetPublicKeyCommand(input)),
  ),
};

const handle = batchHandler({
  routes,
  s3For,
  // 128 MiB parts, 16 at once: the best of the part sizes and concurrencies measured against the
  // engine's own parallel UploadPartCopy, by a little, with half the requests of 64 MiB parts
  // (docs/benchmarks.md, the large object).
  options: {
    exportBucket,
    multipartThreshold: 128 * MIB,
    partSize: 128 * MIB,
    concurrency: 16,
  },
  log: logger,
  metrics: { addMetric: (name, unit, value) => metrics.addMetric(name, MetricUnit[unit], value) },
  // The function's own role publishes (sns:Publish on data-exports-notify-*), not the dataset's.
  publish: snsPublisher(new SNSClient({})),
  custody,
  ledger: custody.ledger,
});

export const handler = async (event: SQSEvent, context: Context) => {
  logger.addContext(context);
  try {
    return await handle(event);
  } finally {
    metrics.publishStoredMetrics();
  }
};
