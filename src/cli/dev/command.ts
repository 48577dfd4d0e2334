import { execFile } from "node:child_process";
import { watch } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { instructions } from "../../local/instructions";
import { LOCAL_ADMIN, startLocalPlatform } from "../../local/platform";
import { localStateDir } from "../../local/stateDir";
import { loadPlan } from "../loadPlan";
import type { Output } from "../output";

const run = promisify(execFile);
const SCRIPTS = join(import.meta.dirname, "../../../scripts/local-s3");

export interface DevOptions {
  root: string;
  port: number;
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

/**
 * `exports dev`: the whole export flow on this machine, until Ctrl-C. Resolves with the exit code
 * once everything it started has stopped.
 */
export async function devCommand(options: DevOptions, out: Output, stopSignal: Promise<void>): Promise<number> {
  const loaded = await loadPlan("dev", options.root, out, options.now);
  if ("code" in loaded) return loaded.code;
  if (!(await ensureEngine(out))) return 2;
  const time = () => new Date().toISOString().slice(11, 19);
  const p = options.port;
  const platform = await startLocalPlatform(loaded.plan, {
    dir: localStateDir(p),
    rgwPort: p,
    monPorts: [p + 2, p + 3],
    receiverPort: p + 1,
    sweepEveryMs: 10_000,
    log: (line) => out.stdout(`${time()} ${line}\n`),
  });
  out.stdout(instructions(loaded.plan, platform.spec, platform.endpoint, LOCAL_ADMIN));
  // Provisioning is done once; edits need a restart, and the command says so when it sees one.
  const watchers = ["push_datasets", "pull_datasets"].map((folder) =>
    watch(join(loaded.root, folder), () =>
      out.stdout(`${time()} dataset files changed: press Ctrl-C and run npm start again to apply them\n`),
    ),
  );
  await stopSignal;
  for (const w of watchers) w.close();
  out.stdout("Stopping: the mover, then the S3 engine…\n");
  await platform.stop();
  out.stdout("Stopped.\n");
  return 0;
}
