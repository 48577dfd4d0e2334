import { readdirSync, readFileSync, readlinkSync } from "node:fs";

// Linux only, as the engine is: /proc says which processes hold a pipe, and how.

const link = (path: string) => {
  try {
    return readlinkSync(path);
  } catch {
    return undefined;
  }
};

/** The pipe `fd` writes into (`pipe:[inode]`), or undefined for a terminal, a file or no /proc. */
export function pipeOf(fd: number): string | undefined {
  const target = link(`/proc/self/fd/${fd}`);
  return target?.startsWith("pipe:[") ? target : undefined;
}

/** Whether process `pid` holds `pipe` open for reading (its access mode is not write-only). */
export function reads(pid: number, pipe: string): boolean {
  let fds: string[];
  try {
    fds = readdirSync(`/proc/${pid}/fd`);
  } catch {
    return false;
  }
  return fds.some((fd) => {
    if (link(`/proc/${pid}/fd/${fd}`) !== pipe) return false;
    try {
      const flags = /^flags:\s*([0-7]+)/m.exec(readFileSync(`/proc/${pid}/fdinfo/${fd}`, "utf8"))?.[1];
      return flags !== undefined && (parseInt(flags, 8) & 3) !== 1;
    } catch {
      return false;
    }
  });
}

/** Every process that can be seen reading `pipe`: looked up once, then only these are watched. */
export function readersOf(pipe: string): number[] {
  return readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .filter((pid) => reads(pid, pipe));
}
