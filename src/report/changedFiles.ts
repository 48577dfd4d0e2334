import { execFile } from "node:child_process";
import { promisify } from "node:util";

const run = promisify(execFile);

/**
 * Every tracked file under `root` that differs from `ref` (committed or not), or with `head`,
 * every file that differs between the commits `ref` and `head`; relative to `root`. Untracked files
 * are left out: in CI they are the workflow's own output, not the change. NUL-separated output
 * keeps any file name intact.
 */
export async function changedFiles(root: string, ref: string, head?: string): Promise<string[]> {
  const commits = head === undefined ? [ref] : [ref, head];
  const { stdout } = await run("git", ["diff", "--name-only", "-z", "--no-renames", "--relative", ...commits, "--"], {
    cwd: root,
  });
  return stdout.split("\0").filter(Boolean).sort();
}
