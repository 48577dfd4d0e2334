import type { BatchDeps } from "../custody/checkBatch";
import type { Ledger } from "../custody/record";
import { MoveError } from "../mover/errors";
import { shouldRetry, type Failure } from "../mover/failure";
import type { DatasetRoute, MoveResult } from "../mover/moveObject";
import type { ObjectEvent } from "../mover/objectEvent";
import { batchEvents } from "./batchEvents";
import { deliveryEvent, failureOf, type DeliveryEvent } from "./deliveryEvent";
import { deliveryRecord } from "./deliveryRecord";
import type { PublishNotice } from "./publishNotice";
import { sendNotices } from "./sendNotices";

/** The log the audit trail goes to: Powertools' Logger in Lambda, a file on the local platform, a recorder in tests. */
export interface AuditLog {
  info(message: string, fields: Record<string, unknown>): void;
  error(message: string, fields: Record<string, unknown>): void;
}

/** The metrics sink: Powertools' Metrics in Lambda. */
export interface MoverMetrics {
  addMetric(name: string, unit: "Count" | "Bytes" | "Milliseconds", value: number): void;
}

/** One object event as it was tried: `attempt` is 1 for the first try; `fields` ride on its audit line (SQS's message id). */
export interface Tried {
  event: ObjectEvent;
  attempt: number;
  fields?: Record<string, unknown>;
}

/** What becomes of an object after a try: nothing more to do, another try, or given up (the dead-letter queue, the sweep). */
export type Verdict = "done" | "retry" | "given-up";

/** One object after its try, as every adapter reads it. */
export interface Handled {
  tried: Tried;
  result: MoveResult | MoveError;
  /** The failure, classified, when the move failed. */
  failure?: Failure;
  delivery: DeliveryEvent;
  verdict: Verdict;
  /** The sealed batches this try completed or found held (decision 0018): logged, and read by `exports status`. */
  batches?: DeliveryEvent[];
}

export interface AfterMoveDeps {
  routes: ReadonlyMap<string, DatasetRoute>;
  /** Tries before an object is given up (MAX_TRIES: the queue's maxReceiveCount). */
  maxAttempts: number;
  log: AuditLog;
  metrics: MoverMetrics;
  /** Sends delivery notices to datasets' topics (decision 0010); without it none are sent. */
  publish?: PublishNotice;
  /** Sealed batches' manifests (decision 0018): the ledger, the signer and the clients; without it no batch is closed. */
  custody?: BatchDeps;
  /** The delivery ledger (decision 0017): every try's record, appended in one call per batch (decision 0019); without it none is kept. */
  ledger?: Ledger;
}

type Metric = [name: string, unit: "Count" | "Bytes" | "Milliseconds", value: number];

/** How each mover outcome is logged and counted: the audit trail's one table (docs/operators.md). */
const AUDIT: Record<
  MoveResult["outcome"],
  { level: "info" | "error"; message: string; metrics: (r: MoveResult, e: ObjectEvent) => Metric[] }
> = {
  moved: { level: "info", message: "object handled", metrics: (r) => delivered(r) },
  copied: { level: "info", message: "object handled", metrics: (r) => delivered(r) },
  // In the target and verified: a retry would copy it again and fail again, and the dead-letter
  // queue would page operators for the requester's tags. The notice tells the requester once.
  "copied-unrecorded": {
    level: "info",
    message: "object delivered; its delivery could not be recorded on it, so it is not retried",
    metrics: (_, e) => [
      ["Objects", "Count", 1],
      ["UnrecordedDeliveries", "Count", 1],
      ["BytesMoved", "Bytes", e.size ?? 0],
    ],
  },
  "already-moved": { level: "info", message: "object handled", metrics: () => [["Objects", "Count", 1]] },
  superseded: { level: "info", message: "object handled", metrics: () => [["Objects", "Count", 1]] },
  // The requester's to mend (decision 0016): logged as info and counted apart, so nothing pages.
  held: {
    level: "info",
    message: "object held: it breaks its dataset's contract; not delivered, not retried",
    metrics: () => [
      ["Objects", "Count", 1],
      ["HeldObjects", "Count", 1],
    ],
  },
  sealed: {
    level: "info",
    message: "a batch's seal, not delivered: the batch's manifest follows its last file",
    metrics: () => [["Seals", "Count", 1]],
  },
  "not-a-dataset": {
    level: "error",
    message: "object under no push dataset, left in the export bucket",
    metrics: () => [["UnroutedObjects", "Count", 1]],
  },
};

const delivered = (r: MoveResult): Metric[] => [
  ["Objects", "Count", 1],
  ["BytesMoved", "Bytes", r.size ?? 0],
  ["MoveLatency", "Milliseconds", r.durationMs ?? 0],
];

/** Classifies one object's try, writes its audit line and counts it. */
function afterOne(tried: Tried, result: MoveResult | MoveError, deps: AfterMoveDeps): Handled {
  const { event, attempt } = tried;
  // The delivery event rides on the audit line: `exports status` reads it back with Logs Insights.
  const delivery = deliveryEvent({
    event,
    result,
    attempt,
    maxAttempts: deps.maxAttempts,
    routes: deps.routes,
    time: new Date(),
  });
  if (result instanceof MoveError) {
    const failure = failureOf(result, deps.routes.get(delivery.dataset));
    deps.log.error("object not moved; it stays in the export bucket and will be retried", {
      key: event.key,
      versionId: event.versionId,
      outcome: "failed",
      code: failure.code,
      reason: result.message,
      ...tried.fields,
      delivery,
    });
    deps.metrics.addMetric("Failures", "Count", 1);
    const verdict = shouldRetry(failure, attempt, deps.maxAttempts) ? "retry" : "given-up";
    return { tried, result, failure, delivery, verdict };
  }
  const audit = AUDIT[result.outcome];
  deps.log[audit.level](audit.message, { ...result, versionId: event.versionId, ...tried.fields, delivery });
  for (const [name, unit, value] of audit.metrics(result, event)) deps.metrics.addMetric(name, unit, value);
  return { tried, result, delivery, verdict: "done" };
}

/**
 * Appends the batch's records in one call. Never throws: the moves are done (sources deleted), so
 * a retry could not record them better. A failed append logs the records themselves on its error
 * line, so the audit log keeps what the ledger missed, and counts LedgerFailures, which operators
 * alarm on (docs/operators.md).
 */
async function appendRecords(handled: readonly Handled[], ledger: Ledger, deps: AfterMoveDeps): Promise<void> {
  const records = handled.map((h) => deliveryRecord(h, deps.routes));
  try {
    await ledger.append(records);
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    deps.log.error("delivery records not appended to the ledger; they are on this line", {
      code: e.name,
      reason: e.message,
      records,
    });
    deps.metrics.addMetric("LedgerFailures", "Count", 1);
  }
}

/**
 * What follows a batch of moves, the same for the Lambda adapter and the local platform: each
 * object's failure classified, its delivery event, its audit line and metrics, and whether it is
 * tried again; then the batch's delivery records, in one append to the ledger; then the sealed batches the moves completed (their manifests written); then the
 * batch's notices, after every move is done and logged, so a notice never holds a delivery back. The adapter only carries out the verdicts (SQS, or the local queue).
 */
export async function afterMove(
  tried: readonly Tried[],
  results: readonly (MoveResult | MoveError)[],
  deps: AfterMoveDeps,
): Promise<Handled[]> {
  const handled = results.map((result, i) => afterOne(tried[i] as Tried, result, deps));
  // Before the batch checks: a manifest lists what the ledger says was delivered, this batch's files included.
  if (deps.ledger) await appendRecords(handled, deps.ledger, deps);
  const batches = deps.custody ? await batchEvents(handled, deps.custody, deps.log) : [];
  for (const b of batches) {
    const h = handled[b.trigger] as Handled;
    h.batches = [...(h.batches ?? []), b.delivery];
  }
  const told = [...handled, ...batches.filter((b) => b.notify)];
  if (deps.publish)
    await sendNotices(
      told.map(({ delivery }) => ({ delivery, topicArn: deps.routes.get(delivery.dataset)?.noticeTopicArn })),
      deps.publish,
      deps.log,
      deps.metrics,
    );
  return handled;
}
