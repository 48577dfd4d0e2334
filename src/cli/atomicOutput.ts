import { mkdtemp, rename, rm } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";

/**
 * Fills a new folder with `fill`, then puts it at `target` in place of what was there. The new
 * folder is made beside the target, on the same file system, so each move is one rename: the
 * target is never half written, and when `fill` fails the old output stays as it was.
 */
export async function writeFolderAtomically<T>(target: string, fill: (folder: string) => Promise<T> | T): Promise<T> {
  const path = resolve(target);
  const folder = await mkdtemp(join(dirname(path), `.${basename(path)}-new-`));
  let result: T;
  try {
    result = await fill(folder);
  } catch (error) {
    await rm(folder, { recursive: true, force: true });
    throw error;
  }
  const old = `${folder}-old`;
  await rename(path, old).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== "ENOENT") throw error;
  });
  await rename(folder, path);
  await rm(old, { recursive: true, force: true });
  return result;
}
