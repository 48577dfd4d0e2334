import { execFileSync } from "node:child_process";

/**
 * The commit the dataset files are deployed from: `git rev-parse HEAD` where the synthesis runs
 * (`cdk deploy` and `exports synth` run at the repository's root). CI gets it from its checkout:
 * the deploy workflow (.github/workflows/deploy.yml) checks out the merged commit and synthesizes
 * there, so HEAD is the commit deployed (a shallow checkout is enough: HEAD is all it reads).
 * Outside a git work tree, or without git, it is undefined and delivery records name the dataset
 * file without a commit. A work tree with uncommitted changes still gives HEAD: deploy from a
 * clean checkout, as CI does.
 */
export function deployedCommit(cwd: string = process.cwd()): string | undefined {
  try {
    const out = execFileSync("git", ["rev-parse", "--verify", "--quiet", "HEAD"], {
      cwd,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    }).trim();
    return /^[0-9a-f]{40,64}$/.test(out) ? out : undefined;
  } catch {
    return undefined;
  }
}
