import { execFile } from "node:child_process";
import { resolve } from "node:path";
import { promisify } from "node:util";
import type { Output } from "../output";
import { annotationData, visibleLines } from "../../report/escape";
import { MAINTENANCE_BRANCH, branchProblems, type Change } from "./branchRule";

/**
 * `exports check-branch --branch <name> --base <ref> [--head <ref>]`: the dataset files a pull
 * request changes (between the base and HEAD, or `--head`) must match its branch name. 0 when they do, 1 when not (GitHub annotations with --format github).
 */
export async function checkBranchCommand(
  options: { root: string; branch: string; base: string; head?: string; format: string },
  out: Output,
): Promise<number> {
  const root = resolve(options.root);
  const diff = await promisify(execFile)(
    "git",
    ["diff", "--name-status", "--no-renames", `${options.base}...${options.head ?? "HEAD"}`],
    {
      cwd: root,
    },
  ).catch((e: { stderr?: string }) => {
    out.stderr(
      `exports check-branch: git cannot compare with ${JSON.stringify(options.base)}: ${e.stderr?.trim() ?? ""}\n`,
    );
    return undefined;
  });
  if (!diff) return 2;
  const changes: Change[] = diff.stdout
    .split("\n")
    .filter(Boolean)
    .map((line) => {
      const [status = "", path = ""] = line.split("\t");
      return { status, path };
    });
  const problems = branchProblems(options.branch, changes);
  // The branch name is the requester's text: escaped, it cannot start a workflow command of its own.
  for (const p of problems)
    out.stdout(
      options.format === "github" ? `::error title=branch-name::${annotationData(p)}\n` : `${visibleLines(p)}\n`,
    );
  if (problems.length === 0 && MAINTENANCE_BRANCH.test(options.branch))
    out.stdout(
      `✔ maintenance branch ${JSON.stringify(options.branch)}: it may change dataset files, settings and code; the plan shows what, and the code owners approve\n`,
    );
  else if (problems.length === 0)
    out.stdout(`✔ branch ${JSON.stringify(options.branch)} and its dataset files agree\n`);
  return problems.length > 0 ? 1 : 0;
}
