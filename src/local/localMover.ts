import { appendFileSync } from "node:fs";
import { join } from "node:path";
import { fromTemporaryCredentials } from "@aws-sdk/credential-providers";
import type { Signer } from "../custody/signer";
import { s3Ledger } from "../custody/s3Ledger";
import { afterMove, type AuditLog, type Handled } from "../delivery/afterMove";
import { appendEvent, eventLogPath } from "../delivery/eventLog";
import { appendNotice, noticesPath } from "../delivery/localNotices";
import { recipients } from "../delivery/notice";
import type { PublishNotice } from "../delivery/publishNotice";
import { datasetClients } from "../mover/datasetClients";
import { MoveError } from "../mover/errors";
import { moveObjects, type DatasetRoute, type MoverOptions } from "../mover/moveObject";
import { MIB } from "../mover/parts";
import { MAX_TRIES } from "../mover/retries";
import type { Plan } from "../plan/plan";
import type { BatchMover } from "./localQueue";
import { localS3Client, localS3Config } from "./localS3Client";
import type { LocalSpec } from "./localSpec";

/** The local platform's audit trail: the lines the Lambda writes to its log group, one JSON line each. */
export const auditLogPath = (dir: string) => join(dir, "mover-audit.jsonl");

export interface LocalMoverOptions {
  endpoint: string;
  /** The platform's state folder: the event log, the notices and the audit trail go there. */
  dir: string;
  /** The terminal. */
  log: (line: string) => void;
  /** Signs sealed batches' manifests: the key pair made at start (decision 0018). */
  signer: Signer;
  /** The engine's owner, who writes and reads the delivery ledger's bucket (docs/local-platform.md). */
  admin: { accessKeyId: string; secretAccessKey: string };
}

/** The line the terminal shows for one object after its try: read from afterMove's verdict and fields. */
export function terminalLine(h: Handled, exportBucket: string): string {
  const { result } = h;
  if (result instanceof MoveError)
    return h.verdict === "retry"
      ? `retrying: ${result.message}`
      : `gave up after ${MAX_TRIES} tries; left in the export bucket for the sweep: ${result.message}`;
  if (result.outcome === "not-a-dataset") return `not under any push dataset, left in place: ${result.key}`;
  // Delivered, but its 10 tags leave no room for the mark: final, as in the Lambda (decision 0013).
  if (result.outcome === "copied-unrecorded")
    return `copied, not recorded (its 10 tags leave no room for the mark): ${result.reason ?? ""}`;
  // Broke its dataset's contract (decision 0016): what is wrong and the fix, as the requester reads them.
  if (result.outcome === "held")
    return `held (${result.code ?? "contract"}): s3://${exportBucket}/${result.key}: ${h.delivery.reason}. To do: ${h.delivery.action}`;
  return `${result.outcome}: s3://${exportBucket}/${result.key}${result.target ? ` → ${result.target}` : ""}`;
}

/** What SNS would e-mail the dataset's notify addresses, written where a person can read it. */
function localPublisher(plan: Plan, options: LocalMoverOptions): PublishNotice {
  const notifyOf = new Map(plan.push.flatMap((p) => (p.notify ? [[p.notify.topicArn, p.notify]] : [])));
  return async (topicArn, notice) => {
    const notify = notifyOf.get(topicArn);
    const to = notify ? recipients(notify, notice.kind) : [];
    if (to.length === 0) return;
    appendNotice(noticesPath(options.dir), notice, to);
    options.log(`notice for ${to.join(", ")}: ${notice.subject} (${noticesPath(options.dir)})`);
    return Promise.resolve();
  };
}

/**
 * The local platform's mover: the same mover core and the same post-move loop (afterMove) as the
 * Lambda, with the engine's credentials and options, writing the delivery events `exports status`
 * reads, the audit trail, the notices, and a line per object on the terminal.
 */
export function localMover(
  plan: Plan,
  spec: LocalSpec,
  routes: ReadonlyMap<string, DatasetRoute>,
  options: LocalMoverOptions,
): BatchMover {
  const { endpoint } = options;
  const mover = { accessKeyId: spec.mover.accessKeyId, secretAccessKey: spec.mover.secretAccessKey };
  const s3For = datasetClients(
    routes,
    // Routes name the plan's role ARNs, as messages show them; the engine knows the roles by its own.
    (roleArn, RoleSessionName) =>
      fromTemporaryCredentials({
        params: { RoleArn: spec.engineRoleArns[roleArn] ?? roleArn, RoleSessionName },
        masterCredentials: mover,
        clientConfig: { endpoint, region: "us-east-1" },
      }),
    localS3Config(endpoint),
  );
  const exportBucket = plan.settings.exportBucket;
  // The engine refuses UploadPartCopy to a role session but keeps ETags on whole copies: so
  // objects up to S3's 5 GiB single-copy limit are copied whole. It keeps no checksums, so
  // copies are verified by ETags (docs/local-platform.md).
  const moverOptions: MoverOptions = {
    exportBucket,
    multipartThreshold: 5 * 1024 * MIB,
    partSize: 64 * MIB,
    concurrency: 8,
    verification: "engine-etag",
    wholeCopyKeepsETag: true,
    // The engine refuses DeleteObjects to a role session: each version is deleted on its own.
    batchDeletes: false,
  };
  const line = (level: string) => (message: string, fields: Record<string, unknown>) =>
    appendFileSync(auditLogPath(options.dir), `${JSON.stringify({ level, message, ...fields })}\n`, "utf8");
  const log: AuditLog = { info: line("info"), error: line("error") };
  // The delivery ledger on the engine's Object Lock bucket (decision 0017), made at provisioning.
  const ledger = s3Ledger(localS3Client(endpoint, options.admin), spec.ledger.name);
  const deps = {
    routes,
    ledger,
    maxAttempts: MAX_TRIES,
    log,
    metrics: { addMetric: () => undefined },
    publish: localPublisher(plan, options),
    custody: {
      exportBucket,
      routes,
      s3For,
      ledger,
      signer: options.signer,
    },
  };
  return async (batch) => {
    const results = await moveObjects(
      batch.map((b) => b.event),
      routes,
      s3For,
      moverOptions,
    );
    const handled = await afterMove(batch, results, deps);
    for (const h of handled) {
      // What `exports status` reads: the same delivery event the Lambda writes to its audit log.
      appendEvent(eventLogPath(options.dir), h.delivery);
      options.log(terminalLine(h, exportBucket));
      for (const b of h.batches ?? []) {
        appendEvent(eventLogPath(options.dir), b);
        options.log(`${b.outcome}: ${b.reason}`);
      }
    }
    return handled.map((h) => h.verdict);
  };
}
