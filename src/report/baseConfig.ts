import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import type { Config } from "../config/config";
import { DATASET_FOLDERS } from "../config/dataset";
import { loadConfig } from "../config/loadConfig";
import { SETTINGS_FILE } from "../config/settings";

const run = promisify(execFile);

/** Thrown when `ref` is not something git can show; the CLI turns it into a usage error. */
export class GitRefError extends Error {
  override name = "GitRefError";
}

/**
 * The config as it was at a git ref: its dataset files and settings are extracted to a temporary
 * folder and loaded like any other. Errors in the base count for nothing: only its valid datasets
 * are compared against.
 */
export async function baseConfig(root: string, ref: string): Promise<Config> {
  await run("git", ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`], { cwd: root }).catch((cause: unknown) => {
    throw new GitRefError(
      `git cannot find ${JSON.stringify(ref)} in ${root}; fetch it first (e.g. git fetch origin main) or name another ref`,
      { cause },
    );
  });
  const dir = await mkdtemp(join(tmpdir(), "exports-base-"));
  try {
    const { stdout } = await run(
      "git",
      ["ls-tree", "-r", "--name-only", ref, "--", DATASET_FOLDERS.push, DATASET_FOLDERS.pull, SETTINGS_FILE],
      { cwd: root },
    );
    const paths = stdout.split("\n").filter(Boolean);
    if (paths.length > 0) {
      const archive = join(dir, "base.tar");
      await run("git", ["archive", "--format=tar", `--output=${archive}`, ref, "--", ...paths], { cwd: root });
      await run("tar", ["-xf", archive, "-C", dir]);
      await rm(archive);
    }
    return (await loadConfig(dir)).value;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
