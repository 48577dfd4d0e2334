import { createServer, type Server } from "node:http";
import { fromTemporaryCredentials } from "@aws-sdk/credential-providers";
import { deliveryEvent } from "../delivery/deliveryEvent";
import { appendEvent, eventLogPath } from "../delivery/eventLog";
import { appendNotice, noticesPath } from "../delivery/localNotices";
import { noticeOf, recipients } from "../delivery/notice";
import { datasetClients } from "../mover/datasetClients";
import { MoveError } from "../mover/errors";
import { unrecordedDelivery } from "../mover/unrecordedDelivery";
import { moveObjects } from "../mover/moveObject";
import { BadEventError, objectEventsOf, type ObjectEvent } from "../mover/objectEvent";
import { MIB } from "../mover/parts";
import { routeMap } from "../mover/routes";
import { sweep } from "../mover/sweep";
import { MAX_TRIES } from "../mover/retries";
import type { Plan } from "../plan/plan";
import { startEngine, stopEngine } from "./engineScripts";
import { startIssuer, type LocalIssuer } from "./federation/oidcIssuer";
import { lockInstance } from "./instanceLock";
import { localSpec, type LocalSpec } from "./localSpec";
import { localS3Client, localS3Config } from "./localS3Client";
import { portsInUse } from "./ports";
import { provision } from "./provision";
import { PortInUseError, StartAbortedError } from "./startErrors";
/** The engine's owner of every bucket: stands in for the platform's account and the receiving teams. */
export const LOCAL_ADMIN = { accessKeyId: "AKLOCALPLATFORMADMIN", secretAccessKey: "local-platform-admin-secret" };
const ADMIN = LOCAL_ADMIN;

export interface PlatformOptions {
  /** Where the engine keeps its files (in memory, but with sockets and logs here). */
  dir: string;
  rgwPort: number;
  monPorts: [number, number];
  receiverPort: number;
  /** Where the local web identity issuer (Google's and Entra's stand-in) listens. */
  issuerPort: number;
  /** How often the sweep runs, and how old an object must be before it re-sends it. */
  sweepEveryMs: number;
  /** One line per thing the platform does: moves, failures, the sweep. */
  log: (line: string) => void;
  /** Aborting it during start-up stops what was started so far, then start-up throws StartAbortedError. */
  signal?: AbortSignal;
}

export interface LocalPlatform {
  endpoint: string;
  spec: LocalSpec;
  issuer: LocalIssuer;
  stop(): Promise<void>;
}

/**
 * Runs the whole export flow on this machine: a real S3 engine (Ceph RGW) provisioned from the
 * datasets, its notifications delivered to the same mover core the Lambda runs, retried as SQS
 * would, and the sweep on a short interval. `stop` stops everything it started, in order.
 *
 * Nothing running is ever disturbed: an instance already running from the same folder
 * (AlreadyRunningError) or any port taken (PortInUseError) stops start-up before anything is
 * started or deleted. What an instance that was killed left behind is cleared first.
 */
export async function startLocalPlatform(plan: Plan, options: PlatformOptions): Promise<LocalPlatform> {
  const spec = localSpec(plan, `127.0.0.1:${options.issuerPort}`);
  const env = {
    ...process.env,
    CEPH_DIR: options.dir,
    RGW_PORT: String(options.rgwPort),
    MON_PORT_V2: String(options.monPorts[0]),
    MON_PORT_V1: String(options.monPorts[1]),
    RGW_USERS: `admin:${ADMIN.accessKeyId}:${ADMIN.secretAccessKey}`,
  };
  const aborted = () => {
    if (options.signal?.aborted) throw new StartAbortedError("stopped while the platform was starting");
  };
  aborted();
  const lock = await lockInstance(options.dir, options.rgwPort, () => stopEngine(env));
  if (lock.staleOwner)
    options.log(`cleared what an earlier instance (process ${lock.staleOwner}) left when it was killed`);
  const busy = await portsInUse([
    { port: options.rgwPort, what: "S3 endpoint" },
    { port: options.receiverPort, what: "notification receiver" },
    { port: options.issuerPort, what: "web identity issuer" },
    { port: options.monPorts[0], what: "engine monitor" },
    { port: options.monPorts[1], what: "engine monitor" },
  ]);
  if (busy[0]) {
    await lock.release();
    throw new PortInUseError(busy[0].port, busy[0].what);
  }
  const endpoint = `http://127.0.0.1:${options.rgwPort}`;

  let server: Server | undefined;
  let issuer: LocalIssuer | undefined;
  let timer: NodeJS.Timeout | undefined;
  let engineStarted = false;
  try {
    const cephConf = await startEngine(env, options.signal);
    engineStarted = true;
    aborted();
    const routes = routeMap(spec.routes);
    const exportBucket = plan.settings.exportBucket;
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
    // The engine refuses UploadPartCopy to a role session but keeps ETags on whole copies: so
    // objects up to S3's 5 GiB single-copy limit are copied whole. It keeps no checksums, so
    // copies are verified by ETags (docs/local-platform.md).
    const moverOptions = {
      exportBucket,
      multipartThreshold: 5 * 1024 * MIB,
      partSize: 64 * MIB,
      concurrency: 8,
      verification: "engine-etag" as const,
      wholeCopyKeepsETag: true,
      // The engine refuses DeleteObjects to a role session: each version is deleted on its own.
      batchDeletes: false,
    };

    const notifyOf = new Map(plan.push.flatMap((p) => (p.dataset.notify ? [[p.dataset.name, p.dataset.notify]] : [])));
    // The queue SQS would be: objects wait here, are moved in batches, and are retried on failure.
    const queue: { event: ObjectEvent; tries: number }[] = [];
    // Up to WORKERS batches at once, as Lambda takes them from an SQS queue: it starts with five
    // batches at a time (https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-scaling.html).
    // A batch takes what waits in the queue, up to 10 events. Events arrive one by one, so more
    // workers make smaller batches, each with its own versions listing: on a quiet machine 16
    // workers cost the engine more per object than 5 and moved fewer objects a second, while both
    // kept pace with an AWS CLI upload (docs/benchmarks.md, end to end).
    let workers = 0;
    const WORKERS = 5;
    const work = async () => {
      workers++;
      try {
        while (queue.length > 0) {
          const batch = queue.splice(0, 10);
          const results = await moveObjects(
            batch.map((b) => b.event),
            routes,
            s3For,
            moverOptions,
          );
          results.forEach((result, i) => {
            const item = batch[i] as (typeof batch)[number];
            const delivery = deliveryEvent({
              event: item.event,
              result,
              attempt: item.tries + 1,
              maxAttempts: MAX_TRIES,
              routes,
              time: new Date(),
            });
            // What `exports status` reads: the same delivery event the Lambda writes to its audit log.
            appendEvent(eventLogPath(options.dir), delivery);
            // What SNS would e-mail the dataset's notify addresses, written where a person can read it.
            const notice = noticeOf(delivery);
            const notify = notifyOf.get(delivery.dataset);
            const to = notice && notify ? recipients(notify, notice.kind) : [];
            if (notice && to.length > 0) {
              appendNotice(noticesPath(options.dir), notice, to);
              options.log(`notice for ${to.join(", ")}: ${notice.subject} (${noticesPath(options.dir)})`);
            }
            if (!(result instanceof MoveError)) {
              if (result.outcome === "not-a-dataset")
                options.log(`not under any push dataset, left in place: ${result.key}`);
              else
                options.log(
                  `${result.outcome}: s3://${exportBucket}/${result.key}${result.target ? ` → ${result.target}` : ""}`,
                );
            } else if (unrecordedDelivery(result)) {
              // Delivered, but its 10 tags leave no room for the mark: final, as in the Lambda (decision 0013).
              options.log(`copied, not recorded (its 10 tags leave no room for the mark): ${result.message}`);
            } else if (++item.tries < MAX_TRIES) {
              options.log(`retrying: ${result.message}`);
              setTimeout(() => {
                queue.push(item);
                drain();
              }, 500 * item.tries);
            } else {
              options.log(
                `gave up after ${MAX_TRIES} tries; left in the export bucket for the sweep: ${result.message}`,
              );
            }
          });
        }
      } finally {
        workers--;
      }
    };
    const drain = () => {
      while (workers < WORKERS && queue.length > 0) void work();
    };
    const enqueue = (events: ObjectEvent[]) => {
      queue.push(...events.map((event) => ({ event, tries: 0 })));
      drain();
    };

    server = createServer((request, response) => {
      let body = "";
      request.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
      request.on("end", () => {
        response.end();
        try {
          enqueue(objectEventsOf(body, "raw"));
        } catch (error) {
          if (error instanceof BadEventError) options.log(`unreadable notification dropped: ${error.message}`);
          else throw error;
        }
      });
    });
    await new Promise<void>((resolve, reject) => {
      server?.once("error", reject);
      server?.listen(options.receiverPort, "127.0.0.1", resolve);
    });
    issuer = await startIssuer(options.issuerPort, {
      googleServiceAccounts: plan.pull.flatMap((p) => p.dataset.googleServiceAccounts),
      azureWorkloads: plan.pull.flatMap((p) => p.dataset.azureWorkloads),
    });
    await provision(
      { endpoint, admin: ADMIN, env: { ...env, CEPH_CONF: cephConf }, issuerThumbprint: issuer.thumbprint },
      spec,
      `http://127.0.0.1:${options.receiverPort}/`,
      aborted,
    );
    aborted();

    const sweeper = localS3Client(endpoint, spec.sweeper);
    timer = setInterval(() => {
      void sweep(sweeper, routes, {
        exportBucket,
        requeueAfterMs: options.sweepEveryMs,
        alarmAfterMs: 60 * 60_000,
        now: new Date(),
      })
        .then((found) => {
          const waiting = new Set(queue.map((q) => q.event.key));
          const missed = found.requeue.filter((e) => !waiting.has(e.key));
          if (missed.length > 0)
            options.log(`sweep: ${missed.length} object(s) waiting too long, sent to the mover again`);
          enqueue(missed);
        })
        .catch((error: unknown) => options.log(`sweep failed: ${(error as Error).message}`));
    }, options.sweepEveryMs);
  } catch (error) {
    server?.close();
    await issuer?.stop();
    if (engineStarted) await stopEngine(env);
    await lock.release();
    throw error;
  }

  const started = issuer;
  return {
    endpoint,
    spec,
    issuer: started,
    async stop() {
      await started.stop();
      if (timer) clearInterval(timer);
      server?.closeAllConnections();
      await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
      await stopEngine(env);
      await lock.release();
    },
  };
}
