import { execFile } from "node:child_process";
import { chmod, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const exec = promisify(execFile);

/** A stand-in for the GitHub CLI: records each call, and answers `pr list` with FAKE_GH_OPEN. */
const FAKE_GH = `#!/usr/bin/env bash
echo "$*" >> "$FAKE_GH_LOG"
if [ "$1 $2" = "pr list" ]; then echo "\${FAKE_GH_OPEN:-}"; fi
`;

/**
 * Makes `root` (holding a repository's files) a git repository with its files committed on main
 * and a bare remote as `origin`, for the scheduled workflows' scripts that propose pull requests.
 * `run` runs such a script there with a fake `gh` on PATH, answering that pull request `open` is
 * open (or none), and returns the gh calls it made and its output when it failed.
 */
export async function proposingRepository(root: string) {
  const remote = await mkdtemp(join(tmpdir(), "exports-remote-"));
  const bin = await mkdtemp(join(tmpdir(), "exports-bin-"));
  await writeFile(join(bin, "gh"), FAKE_GH);
  await chmod(join(bin, "gh"), 0o755);
  const git = (...args: string[]) => exec("git", args, { cwd: root });
  await exec("git", ["init", "--quiet", "--bare", remote]);
  await git("init", "--quiet", "--initial-branch=main");
  await git("add", ".");
  await git("-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "--quiet", "-m", "datasets");
  await git("remote", "add", "origin", remote);

  return {
    bin,
    async run(script: string, args: readonly string[], open = "") {
      const log = join(bin, "gh.log");
      await writeFile(log, "");
      const env = {
        ...process.env,
        PATH: `${bin}:${process.env.PATH}`,
        FAKE_GH_LOG: log,
        FAKE_GH_OPEN: open,
        BASE: "main",
      };
      const failed = await exec(script, [...args], { cwd: root, env }).then(
        () => undefined,
        (error: { stdout: string }) => error.stdout,
      );
      return { calls: (await readFile(log, "utf8")).trim().split("\n"), failed };
    },
    /** The subject and changed files of the branch's last commit, as pushed. */
    pushed: async (branch: string) =>
      (await exec("git", ["show", "--name-status", "--format=%s", branch], { cwd: remote })).stdout,
    dispose: () => Promise.all([remote, bin].map((d) => rm(d, { recursive: true, force: true }))),
  };
}
