import type { SQSRecord } from "aws-lambda";
import { MoveError } from "../errors";
import { moveObject, type ClientForDataset, type DatasetRoute, type MoveResult, type MoverOptions } from "../moveObject";
import { BadEventError, objectEventsOf } from "../objectEvent";

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
}

/**
 * Handles one SQS message of S3 events: moves each object and writes one audit line per object.
 * Throws (so the message is retried, then dead-lettered) when any object must be retried; an
 * object under no dataset, or a message that cannot be read, is logged as an error and counted.
 */
export function recordHandler(deps: MoverDeps) {
  return async (record: SQSRecord): Promise<void> => {
    let events;
    try {
      events = objectEventsOf(record.body);
    } catch (error) {
      if (!(error instanceof BadEventError)) throw error;
      deps.log.error("unreadable message dropped", { messageId: record.messageId, reason: error.message });
      deps.metrics.addMetric("UnreadableMessages", "Count", 1);
      return;
    }
    const failures: MoveError[] = [];
    for (const event of events) {
      const start = Date.now();
      try {
        const result: MoveResult = await moveObject(event, deps.routes, deps.s3For, deps.options);
        const durationMs = Date.now() - start;
        const fields = { ...result, versionId: event.versionId, durationMs };
        if (result.outcome === "not-a-dataset") {
          deps.log.error("object under no push dataset, left in the export bucket", fields);
          deps.metrics.addMetric("UnroutedObjects", "Count", 1);
          continue;
        }
        deps.log.info("object handled", fields);
        deps.metrics.addMetric("Objects", "Count", 1);
        if (result.outcome === "moved" || result.outcome === "copied") {
          deps.metrics.addMetric("BytesMoved", "Bytes", result.size ?? 0);
          deps.metrics.addMetric("MoveLatency", "Milliseconds", durationMs);
        }
      } catch (error) {
        if (!(error instanceof MoveError)) throw error;
        deps.log.error("object not moved; it stays in the export bucket and will be retried", {
          key: event.key,
          versionId: event.versionId,
          outcome: "failed",
          code: error.code,
          reason: error.message,
          durationMs: Date.now() - start,
        });
        deps.metrics.addMetric("Failures", "Count", 1);
        failures.push(error);
      }
    }
    if (failures.length > 0) throw failures[0];
  };
}
