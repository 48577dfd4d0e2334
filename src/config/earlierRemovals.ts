import type * as ChildProcess from "node:child_process";
import { promisify } from "node:util";
import { isScalar } from "yaml";
import { DATASET_FOLDERS, type DatasetKind } from "./dataset";
import { pullBucketName } from "./names";
import { MAX_FILE_CHARS, parseMapping } from "./parseMapping";
import { SourceFile } from "./sourceFile";

// node:child_process (with net and streams) is imported when git first runs, not with this module:
// most runs of `exports validate` run no git, and loading it is a few per cent of their start-up.
const childProcess = (): Promise<typeof ChildProcess> => import("node:child_process");

/** A dataset file that the history removed, as it was just before its removal. */
export interface RemovedDataset {
  kind: DatasetKind;
  /** Its `name` as the removed file gave it (the file's stem when it gave none that reads as text). */
  name: string;
  /** For a push dataset: the target bucket the removed file sent files to, when it named one. */
  target?: string;
  /** The removed dataset file, relative to the repository root. */
  path: string;
  /** The commit that removed it (short id). */
  commit: string;
}

/** A commit's deletion (D) or change (M) of a dataset file, with the commit's full and short id. */
interface FileChange {
  status: "D" | "M";
  path: string;
  full: string;
  commit: string;
}

/**
 * Every deletion and every change of a dataset file in the history of `ref`, newest first. Renames
 * count as a deletion and an addition (`--no-renames`): a file renamed with a new `name` leaves its
 * old bucket and prefix behind like any removal. A change is read for its `name` (removalOf): a
 * file that keeps its path but declares another name removes the dataset it declared before.
 */
async function fileChanges(root: string, ref: string): Promise<FileChange[]> {
  // \x01 starts each commit; -z ends each status and each path with NUL, so any file name comes through intact.
  const { stdout } = await promisify((await childProcess()).execFile)(
    "git",
    [
      "log",
      "--diff-filter=DM",
      "--no-renames",
      "--name-status",
      "-z",
      "--format=%x01%H %h",
      "--relative",
      ref,
      "--",
      ...Object.values(DATASET_FOLDERS),
    ],
    { cwd: root, maxBuffer: 64 * 1024 * 1024 },
  );
  return stdout
    .split("\x01")
    .filter(Boolean)
    .flatMap((chunk) => {
      const [ids = "", ...fields] = chunk.split("\0");
      const [full = "", commit = ""] = ids.split(" ");
      const changes: FileChange[] = [];
      // `<status>\0<path>\0` pairs, the first status after the line that ends the commit's header.
      for (let i = 0; i + 1 < fields.length; i += 2) {
        const status = fields[i]?.replace(/^\n/, "");
        const path = fields[i + 1] ?? "";
        if ((status === "D" || status === "M") && path) changes.push({ status, path, full, commit });
      }
      return changes;
    });
}

/** The content of each `<commit>^:<path>` object, read by one `git cat-file --batch`; undefined when missing. */
async function contents(root: string, objects: readonly string[]): Promise<(Buffer | undefined)[]> {
  const { spawn } = await childProcess();
  return new Promise((resolve, reject) => {
    const child = spawn("git", ["cat-file", "--batch"], { cwd: root, stdio: ["pipe", "pipe", "ignore"] });
    const chunks: Buffer[] = [];
    child.stdout.on("data", (c: Buffer) => chunks.push(c));
    child.on("error", reject);
    child.on("close", () => {
      const out = Buffer.concat(chunks);
      const found: (Buffer | undefined)[] = [];
      let at = 0;
      for (let i = 0; i < objects.length && at < out.length; i++) {
        const end = out.indexOf(0x0a, at);
        // `<oid> <type> <size>` then the content and a newline; `<name> missing` alone.
        const [, type, size] = /^\S+ (\w+) (\d+)$/.exec(out.subarray(at, end).toString("utf8")) ?? [];
        if (size === undefined) {
          found.push(undefined);
          at = end + 1;
        } else {
          found.push(type === "blob" ? out.subarray(end + 1, end + 1 + Number(size)) : undefined);
          at = end + 1 + Number(size) + 1;
        }
      }
      resolve(found);
    });
    child.stdin.end(objects.map((o) => `${o}\n`).join(""));
  });
}

/** The text value of `key` in a removed file, if it has one: old files are read, not judged. */
function scalarText(source: SourceFile, key: string): string | undefined {
  const { map } = parseMapping(source, "a mapping");
  const value = map?.items.find((pair) => isScalar(pair.key) && pair.key.value === key)?.value;
  return isScalar(value) && typeof value.value === "string" ? value.value : undefined;
}

/** What a removed file was: its kind from its folder, its name and target from its content. */
function removedDataset(path: string, commit: string, content: Buffer | undefined): RemovedDataset | undefined {
  const match = new RegExp(`^(${DATASET_FOLDERS.push}|${DATASET_FOLDERS.pull})/([^/]+)\\.ya?ml$`).exec(path);
  if (!match?.[1] || !match[2]) return undefined;
  const kind: DatasetKind = match[1] === DATASET_FOLDERS.push ? "push" : "pull";
  const text = content && content.length <= MAX_FILE_CHARS * 4 ? content.toString("utf8") : "";
  const source = new SourceFile(path, text);
  const name = scalarText(source, "name") ?? match[2];
  const target = kind === "push" ? (scalarText(source, "bucket") ?? scalarText(source, "target_bucket")) : undefined;
  return { kind, name, ...(target ? { target } : {}), path, commit };
}

/**
 * The dataset a deletion or change of a file removed, if any: a deleted file removes what it
 * declared; a changed file only when it declared another name before (a dataset renamed in place).
 * `before` and `after` are the file's content in the commit's parent and in the commit.
 */
function removalOf(change: FileChange, before: Buffer | undefined, after: Buffer | undefined) {
  const removed = removedDataset(change.path, change.commit, before);
  if (change.status === "D" || removed === undefined) return removed;
  return removedDataset(change.path, change.commit, after)?.name === removed.name ? undefined : removed;
}

/**
 * Every dataset that the history of `ref` removed, newest removal first, named by what its file
 * said (matching is by the bucket and the prefix a name gives, never by the file's path): by
 * deleting its file, or by changing the file's `name` in place. Outside a git repository, or
 * before its first commit, none; a shallow clone only knows what it fetched.
 */
export async function removedDatasets(root: string, ref: string): Promise<RemovedDataset[]> {
  const found = await fileChanges(root, ref).catch(() => []);
  // A path with a line break cannot be asked for on cat-file's line-based input; it is read by its stem.
  const asked = found.filter((r) => !r.path.includes("\n"));
  const objects = asked.flatMap((r) => [`${r.full}^:${r.path}`, `${r.full}:${r.path}`]);
  const texts = objects.length > 0 ? await contents(root, objects).catch(() => []) : [];
  const content = new Map(asked.map((r, i) => [r, [texts[2 * i], texts[2 * i + 1]] as const]));
  return found.flatMap((r) => {
    const [before, after] = content.get(r) ?? [];
    return removalOf(r, before, after) ?? [];
  });
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
 * The pull buckets of every pull dataset that the history of `ref` (HEAD unless given) removed (decision 0004: removal
 * keeps the bucket), named from the `name` the removed file gave. Newest removal first.
 */
export async function retainedPullBuckets(root: string, prefix: string, ref = "HEAD"): Promise<RetainedBucket[]> {
  const removed = await removedDatasets(root, ref);
  return removed
    .filter((r) => r.kind === "pull")
    .map((r) => ({ bucket: pullBucketName(prefix, r.name), path: r.path, commit: r.commit }));
}
