import type { SQSEvent, SQSRecord } from "aws-lambda";
import type { PublishNotice } from "../../src/delivery/publishNotice";
import { batchHandler, type AuditLog } from "../../src/mover/lambda/batchHandler";
import type { DatasetRoute } from "../../src/mover/moveObject";
import { MIB } from "../../src/mover/parts";
import type { FakeS3 } from "./fakeS3";

/** The export bucket the harness's handler moves from. */
export const EXPORT = "mojap-hub-exports";

/** An SQS message as Lambda hands it to the mover: `body` is S3's notification, received `receiveCount` times. */
export const sqsMessage = (messageId: string, body: string, receiveCount = "1"): SQSRecord => ({
  messageId,
  receiptHandle: "h",
  body,
  attributes: { ApproximateReceiveCount: receiveCount } as never,
  messageAttributes: {},
  md5OfBody: "",
  eventSource: "aws:sqs",
  eventSourceARN: "arn:aws:sqs:eu-west-1:123456789012:data-exports-objects",
  awsRegion: "eu-west-1",
});

/** A batch of messages m0, m1, … carrying these bodies, each received for the first time. */
export const sqsBatch = (bodies: string[]): SQSEvent => ({ Records: bodies.map((b, i) => sqsMessage(`m${i}`, b)) });

/** S3's ObjectCreated:Put notification of one object in the export bucket, its key form-encoded as S3 sends it. */
export const objectCreated = (key: string, size?: number) =>
  JSON.stringify({
    Records: [
      {
        eventName: "ObjectCreated:Put",
        s3: {
          bucket: { name: EXPORT },
          object: {
            key: encodeURIComponent(key).replaceAll("%2F", "/").replaceAll("%20", "+"),
            ...(size === undefined ? {} : { size }),
          },
        },
      },
    ],
  });

/** One line the handler logged. */
export interface AuditLine {
  level: string;
  message: string;
  fields: Record<string, unknown>;
}

/**
 * The mover's SQS handler over a fake S3, as the Lambda builds it but with small parts, recording
 * the audit lines it logs and the metrics it adds; `publish` sends delivery notices.
 */
export function recordingHandler(s3: FakeS3, routes: ReadonlyMap<string, DatasetRoute>, publish?: PublishNotice) {
  const client = s3.client();
  const lines: AuditLine[] = [];
  const log: AuditLog = {
    info: (message, fields) => lines.push({ level: "info", message, fields }),
    error: (message, fields) => lines.push({ level: "error", message, fields }),
  };
  const metrics: Record<string, number> = {};
  const run = batchHandler({
    routes,
    s3For: () => client,
    options: { exportBucket: EXPORT, multipartThreshold: 8 * MIB, partSize: 5 * MIB, concurrency: 2 },
    log,
    metrics: { addMetric: (name, _unit, value) => (metrics[name] = (metrics[name] ?? 0) + value) },
    ...(publish ? { publish } : {}),
  });
  return { lines, metrics, run };
}
