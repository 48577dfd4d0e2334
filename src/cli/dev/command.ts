import { execFile } from "node:child_process";
import { existsSync, watch } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { noticesPath } from "../../delivery/localNotices";
import { instructions } from "../../local/instructions";
import { LOCAL_ADMIN, startLocalPlatform } from "../../local/platform";
import { localPublicKeyPath, localStateDir } from "../../local/stateDir";
import { AlreadyRunningError, PlatformStartError, PortInUseError, StartAbortedError } from "../../local/startErrors";
import { visible } from "../../report/escape";
import { loadPlan } from "../loadPlan";
import { localPort } from "../localPort";
import { onceAfterBurst } from "./changeNotice";
import { terminalLog } from "./terminalLog";
import type { Output } from "../output";

const run = promisify(execFile);
const SCRIPTS = join(import.meta.dirname, "../../../scripts/local-s3");

export interface DevOptions {
  root: string;
  /** As given on the command line: checked here, so a message can quote it. */
  port: string;
  /** The moment provisioning is for: datasets past their expires are provisioned without grants. */
  now?: Date;
}

/** Whether the engine's programs are installed; installs them when running as root. */
async function ensureEngine(out: Output): Promise<boolean> {
  const present = await run("sh", ["-c", "command -v radosgw && command -v ceph-mon && command -v ceph-osd"]).then(
    () => true,
    () => false,
  );
  if (present) return true;
  if (process.getuid?.() !== 0) {
    out.stderr(
      "exports dev: the local S3 engine (Ceph RADOS Gateway) is not installed. Run:\n  sudo scripts/local-s3/install.sh\n",
    );
    return false;
  }
  out.stdout("Installing the local S3 engine (Debian's ceph-mon, ceph-osd, radosgw) and the AWS CLI…\n");
  await run(join(SCRIPTS, "install.sh"));
  return true;
}

const PORT_FLAG = "--port";
/** How to pass the flag, both ways the platform is started: npm passes on only what follows `--`. */
const ON_OTHER_PORTS = `start it on other ports with npm start -- ${PORT_FLAG} <n> (or npx exports dev ${PORT_FLAG} <n>; it uses n to n+4)`;

/** The one line that says why the platform did not start, and what to do. */
function startFailure(error: unknown, port: number): string {
  const other = ON_OTHER_PORTS;
  if (error instanceof AlreadyRunningError)
    return `${error.message}: stop that one first (Ctrl-C in its terminal, or kill ${error.pid}), or ${other}. Nothing was changed.`;
  if (error instanceof PortInUseError)
    return `port ${error.port} (the ${error.what}) is in use by another program: ${other}. Nothing was started.`;
  return `${(error as Error).message.split("\n")[0]} (port ${port})`;
}

/**
 * `exports dev`: the whole export flow on this machine, until `stop` aborts (Ctrl-C, SIGTERM,
 * SIGHUP, output closed), at any point, start-up included. Resolves with the exit code once
 * everything it started has stopped.
 */
export async function devCommand(options: DevOptions, out: Output, stop: AbortSignal): Promise<number> {
  const p = localPort(options.port) ?? Number.NaN;
  if (!Number.isInteger(p) || p < 1024 || p > 65531) {
    out.stderr(
      `exports dev: ${PORT_FLAG} must be a whole number from 1024 to 65531 (it uses n to n+4), not ${JSON.stringify(visible(options.port))}.\n`,
    );
    return 2;
  }
  const loaded = await loadPlan("dev", options.root, out, options.now);
  if ("code" in loaded) return loaded.code;
  if (!(await ensureEngine(out))) return 2;
  const time = () => new Date().toISOString().slice(11, 19);
  const stopping = () => out.stdout("Stopping: the mover, then the S3 engine…\n");
  stop.addEventListener("abort", stopping, { once: true });
  let platform;
  // The engine takes several seconds to start: say so, or the terminal looks stuck.
  out.stdout(`Starting the local S3 engine (Ceph RADOS Gateway) on port ${p}; this takes a few seconds…\n`);
  try {
    platform = await startLocalPlatform(loaded.plan, {
      dir: localStateDir(p),
      rgwPort: p,
      monPorts: [p + 2, p + 3],
      receiverPort: p + 1,
      issuerPort: p + 4,
      sweepEveryMs: 10_000,
      log: terminalLog((text) => out.stdout(text)),
      signal: stop,
    });
  } catch (error) {
    if (error instanceof StartAbortedError) {
      out.stdout("Stopped.\n");
      return 0;
    }
    stop.removeEventListener("abort", stopping);
    out.stderr(`exports dev: ${startFailure(error, p)}\n`);
    return error instanceof PlatformStartError ? 2 : 1;
  }
  out.stdout(
    instructions(loaded.plan, platform.spec, platform.endpoint, LOCAL_ADMIN, {
      port: p,
      noticesFile: noticesPath(localStateDir(p)),
      publicKeyFile: localPublicKeyPath(localStateDir(p)),
    }),
  );
  // Provisioning is done once; edits need a restart, and the command says so when it sees one.
  const folders = ["push_datasets", "pull_datasets"].map((f) => join(loaded.root, f)).filter((f) => existsSync(f));
  const changed = onceAfterBurst(() =>
    out.stdout(`${time()} dataset files changed: press Ctrl-C and run npm start again to apply them\n`),
  );
  const watchers = folders.map((folder) => watch(folder, changed.event));
  if (!stop.aborted) await new Promise((resolve) => stop.addEventListener("abort", resolve, { once: true }));
  for (const w of watchers) w.close();
  changed.dispose();
  await platform.stop();
  out.stdout("Stopped.\n");
  return 0;
}
