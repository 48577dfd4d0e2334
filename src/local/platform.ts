import { createServer, type Server } from "node:http";
import { writeFileSync } from "node:fs";
import type { S3Client } from "@aws-sdk/client-s3";
import { localSigner } from "../custody/signer";
import { BadEventError, objectEventsOf } from "../mover/objectEvent";
import type { DatasetRoute } from "../mover/moveObject";
import { routeMap } from "../mover/routes";
import { sweep } from "../mover/sweep";
import type { Plan } from "../plan/plan";
import { startEngine, stopEngine } from "./engineScripts";
import { localPublicKeyPath } from "./stateDir";
import { startIssuer, type LocalIssuer } from "./federation/oidcIssuer";
import { lockInstance } from "./instanceLock";
import { localSpec, type LocalSpec } from "./localSpec";
import { localMover } from "./localMover";
import { localQueue, type LocalQueue } from "./localQueue";
import { localS3Client } from "./localS3Client";
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
  /** The public key of the signing key made at start: sealed batches' manifests verify with it. */
  publicKeyPem: string;
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
 *
 * `planOf` may be a function: it is called once the engine is up, just before provisioning. That
 * is the seam for tests of time (test/e2e/expiry.test.ts): the engine's clock cannot be set and
 * its start-up takes from seconds to a minute, so a test fixes an `expires` instant only when the
 * engine is ready and brings it a fixed time ahead of provisioning, not of start-up.
 */
export async function startLocalPlatform(
  planOf: Plan | (() => Plan),
  options: PlatformOptions,
): Promise<LocalPlatform> {
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
  let plan: Plan;
  let spec: LocalSpec;
  // Made at start and never written down: only this process can sign (decision 0018).
  const signer = localSigner();
  const publicKeyPem = await signer.publicKeyPem();
  try {
    const cephConf = await startEngine(env, options.signal);
    engineStarted = true;
    writeFileSync(localPublicKeyPath(options.dir), publicKeyPem, "utf8");
    aborted();
    plan = typeof planOf === "function" ? planOf() : planOf;
    spec = localSpec(plan, `127.0.0.1:${options.issuerPort}`);
    const routes = routeMap(spec.routes);
    const queue = localQueue(
      localMover(plan, spec, routes, { endpoint, dir: options.dir, log: options.log, signer, admin: ADMIN }),
    );

    server = await receiveNotifications(options.receiverPort, queue, options.log);
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

    timer = sweepEvery(options.sweepEveryMs, localS3Client(endpoint, spec.sweeper), plan, routes, queue, options.log);
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
    publicKeyPem,
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

/** The notification receiver: the engine posts each bucket notification here, as S3 sends them to SQS. */
async function receiveNotifications(port: number, queue: LocalQueue, log: (line: string) => void): Promise<Server> {
  const server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
    request.on("end", () => {
      response.end();
      try {
        queue.enqueue(objectEventsOf(body, "raw"));
      } catch (error) {
        if (error instanceof BadEventError) log(`unreadable notification dropped: ${error.message}`);
        else throw error;
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", resolve);
  });
  return server;
}

/** The sweep, every `everyMs`: what waited that long in the export bucket and is not in the queue goes back to it. */
function sweepEvery(
  everyMs: number,
  sweeper: S3Client,
  plan: Plan,
  routes: ReadonlyMap<string, DatasetRoute>,
  queue: LocalQueue,
  log: (line: string) => void,
): NodeJS.Timeout {
  return setInterval(() => {
    void sweep(sweeper, routes, {
      exportBucket: plan.settings.exportBucket,
      requeueAfterMs: everyMs,
      alarmAfterMs: 60 * 60_000,
      now: new Date(),
    })
      .then((found) => {
        const waiting = queue.waiting();
        const missed = found.requeue.filter((e) => !waiting.has(e.key));
        if (missed.length > 0) log(`sweep: ${missed.length} object(s) waiting too long, sent to the mover again`);
        queue.enqueue(missed);
      })
      .catch((error: unknown) => log(`sweep failed: ${(error as Error).message}`));
  }, everyMs);
}
