import type * as ChildProcess from "node:child_process";
import { mkdir, mkdtemp, rm, symlink, truncate, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { DATASET_FOLDERS } from "./dataset";
import { MAX_FILE_CHARS } from "./parseMapping";
import { SETTINGS_FILE } from "./settings";

// node:child_process (with net and streams) is imported when git first runs, not with this module:
// `exports validate` without --head runs no git, and loading it is a few per cent of its start-up.
const childProcess = (): Promise<typeof ChildProcess> => import("node:child_process");

/** Thrown when `ref` is not a commit git can find; the CLI turns it into a usage error. */
export class GitRefError extends Error {
  override name = "GitRefError";
}

/** One entry of `git ls-tree -l`: its mode says what a checkout would make of it. */
interface TreeEntry {
  mode: string;
  object: string;
  /** Bytes, for a blob; undefined for a folder or a submodule. */
  size?: number;
  path: string;
}

/** `git ls-tree -z -l <ref> -- <paths>`: NUL-ended entries keep any file name intact. */
async function listTree(root: string, ref: string, paths: string[]): Promise<TreeEntry[]> {
  const { stdout } = await promisify((await childProcess()).execFile)(
    "git",
    ["ls-tree", "-z", "-l", ref, "--", ...paths],
    {
      cwd: root,
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  return stdout
    .split("\0")
    .filter(Boolean)
    .map((line) => {
      const tab = line.indexOf("\t");
      const [mode = "", , object = "", size = "-"] = line.slice(0, tab).split(/ +/);
      return { mode, object, path: line.slice(tab + 1), ...(size === "-" ? {} : { size: Number(size) }) };
    });
}

/**
 * Makes `entry` under `dir` as a checkout would, with what loadConfig needs to judge it: a blob is
 * written (one too large to read is written as a sparse file of its size, for the size check), a
 * link stays a link (never followed, so its target is not kept), a folder or submodule is an empty
 * folder (reported as such).
 */
async function materialise(root: string, dir: string, entry: TreeEntry): Promise<void> {
  const path = join(dir, entry.path);
  if (entry.mode === "120000") return symlink("a link from git, not followed", path);
  if (entry.mode === "040000" || entry.mode === "160000") return void (await mkdir(path, { recursive: true }));
  if ((entry.size ?? 0) > MAX_FILE_CHARS * 4) {
    await writeFile(path, "");
    return truncate(path, entry.size);
  }
  const { stdout } = await promisify((await childProcess()).execFile)("git", ["cat-file", "blob", entry.object], {
    cwd: root,
    encoding: "buffer",
    maxBuffer: MAX_FILE_CHARS * 4 + 1,
  });
  await writeFile(path, stdout);
}

/**
 * Runs `use` on a temporary folder holding the dataset folders and the settings file of git commit
 * `ref` of the repository at `root`, as a checkout would lay them out, and removes it after. Git's
 * object store is read as data: `ls-tree` and `cat-file` run no filter, hook or attribute that a
 * commit could name, and nothing of the commit is checked out where code runs (decision 0008).
 */
export async function withCommitFiles<T>(root: string, ref: string, use: (dir: string) => Promise<T>): Promise<T> {
  const commit = await promisify((await childProcess()).execFile)(
    "git",
    ["rev-parse", "--verify", "--quiet", "--end-of-options", `${ref}^{commit}`],
    {
      cwd: root,
    },
  ).catch((cause: unknown) => {
    throw new GitRefError(
      `git cannot find ${JSON.stringify(ref)} in ${root}; fetch it first (e.g. git fetch origin main) or name another ref`,
      { cause },
    );
  });
  const sha = commit.stdout.trim();
  const dir = await mkdtemp(join(tmpdir(), "exports-commit-"));
  try {
    const top = await listTree(root, sha, [DATASET_FOLDERS.push, DATASET_FOLDERS.pull, SETTINGS_FILE]);
    for (const entry of top) {
      await materialise(root, dir, entry);
      if (entry.mode !== "040000") continue;
      for (const child of await listTree(root, sha, [`${entry.path}/`])) await materialise(root, dir, child);
    }
    return await use(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
