import { execFile } from "node:child_process";
import { cp, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { REPO } from "./synth";

/** Runs git in `cwd` as a test author, whatever the machine's git configuration says. */
export const git = (cwd: string, ...args: string[]) =>
  promisify(execFile)("git", ["-c", "user.email=t@example.org", "-c", "user.name=test", ...args], { cwd });

/**
 * A new git repository in a temporary folder holding a copy of this repository's dataset files and
 * settings, committed on main with `message`: the base a change under test is compared with.
 */
export async function exampleRepository(prefix: string, message: string): Promise<string> {
  const repo = await mkdtemp(join(tmpdir(), prefix));
  for (const item of ["push_datasets", "pull_datasets", "exports.settings.yaml"])
    await cp(join(REPO, item), join(repo, item), { recursive: true });
  await git(repo, "init", "-q", "-b", "main");
  await git(repo, "add", ".");
  await git(repo, "commit", "-qm", message);
  return repo;
}
