import { readFile, rm, writeFile } from "node:fs/promises";
import { AlreadyRunningError } from "./startErrors";

/** Whether a process with this id exists (`kill -0`). */
function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

export interface InstanceLock {
  /** The id of the process whose crashed instance's state was found, and cleared, before taking the lock. */
  staleOwner?: number;
  release(): Promise<void>;
}

/**
 * Takes the lock of the instance kept in `dir`: a file `<dir>.lock` holding the owner's process
 * id. When the owner is alive, nothing is touched and AlreadyRunningError says who it is; when it
 * is gone (killed, crashed), `clearStale` stops whatever it left (engine daemons) and deletes its
 * state before the lock is taken over. Only then is it safe to start from `dir` again.
 */
export async function lockInstance(
  dir: string,
  port: number,
  clearStale: () => Promise<void>,
  alive: (pid: number) => boolean = processAlive,
): Promise<InstanceLock> {
  const file = `${dir}.lock`;
  const mine = String(process.pid);
  let staleOwner: number | undefined;
  for (;;) {
    try {
      await writeFile(file, mine, { flag: "wx" });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const owner = Number((await readFile(file, "utf8").catch(() => "")).trim());
    if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && alive(owner))
      throw new AlreadyRunningError(owner, port);
    staleOwner = owner > 0 ? owner : undefined;
    await clearStale();
    await rm(file, { force: true });
  }
  return {
    ...(staleOwner ? { staleOwner } : {}),
    async release() {
      const owner = await readFile(file, "utf8").catch(() => "");
      if (owner.trim() === mine) await rm(file, { force: true });
    },
  };
}
