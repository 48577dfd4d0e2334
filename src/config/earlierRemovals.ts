import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { DATASET_FOLDERS } from "./dataset";
import { pullBucketName } from "./names";

const run = promisify(execFile);

/**
 * Every dataset file that the history of `ref` once held and then removed, with the commit (short
 * id) that last removed it. A dataset the change adds under such a path is being added back: its
 * retained pull bucket, and the data in it, still exist. Paths are relative to `root`; a shallow
 * clone only knows the removals it has fetched.
 */
export async function earlierRemovals(root: string, ref: string): Promise<Map<string, string>> {
  // \x01 starts each commit; -z ends each path with NUL, so any file name comes through intact.
  const { stdout } = await run(
    "git",
    [
      "log",
      "--diff-filter=D",
      "--name-only",
      "-z",
      "--format=%x01%h",
      "--relative",
      ref,
      "--",
      ...Object.values(DATASET_FOLDERS),
    ],
    { cwd: root, maxBuffer: 64 * 1024 * 1024 },
  );
  const removals = new Map<string, string>();
  for (const chunk of stdout.split("\x01").filter(Boolean)) {
    const [commit = "", ...paths] = chunk.split("\0");
    // Newest first: the first commit seen for a path is its last removal.
    for (const path of paths.map((p) => p.replace(/^\n/, "")).filter(Boolean))
      if (!removals.has(path)) removals.set(path, commit);
  }
  return removals;
}

/** A pull bucket that a removed pull dataset left behind: removal keeps the bucket and its data. */
export interface RetainedBucket {
  bucket: string;
  /** The removed dataset file, relative to the repository root. */
  path: string;
  /** The commit that removed it (short id). */
  commit: string;
}

/**
 * The pull buckets of every pull dataset file that the history of `ref` (HEAD unless given)
 * removed (decision 0004: removal keeps the bucket). The bucket is named from the file's name, as
 * `exports migrate` makes every file's name its dataset name. Outside a git repository, or before
 * its first commit, none.
 */
export async function retainedPullBuckets(root: string, prefix: string, ref = "HEAD"): Promise<RetainedBucket[]> {
  const removals = await earlierRemovals(root, ref).catch(() => new Map<string, string>());
  return [...removals].flatMap(([path, commit]) => {
    const match = new RegExp(`^${DATASET_FOLDERS.pull}/([^/]+)\\.ya?ml$`).exec(path);
    return match?.[1] ? [{ bucket: pullBucketName(prefix, match[1]), path, commit }] : [];
  });
}
