import { mkdir, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A new temporary repository holding both dataset folders and nothing else, for `exports new` to write into. */
export async function emptyRepository(prefix: string): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), prefix));
  await mkdir(join(root, "push_datasets"));
  await mkdir(join(root, "pull_datasets"));
  return root;
}
