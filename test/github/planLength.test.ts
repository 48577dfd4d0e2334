import { readdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../cli/runCli";
import { exampleRepository, git } from "../exampleRepository";
import { GITHUB_COMMENT_LIMIT } from "../../src/report/formatMarkdown";
import { steps, workflow } from "./workflowFiles";

const RUN_URL = "https://github.com/org/data-exports/actions/runs/123456789";

/** The plan step's command lines as plan-comment.yml gives them: `exports` arguments and the file each writes. */
function planCommands(): { args: string[]; file: string }[] {
  const step = steps(workflow("plan-comment.yml")).find(({ step }) => step.run?.includes("npx exports plan"));
  const env: Record<string, string> = { BASE: "main", RUN_URL };
  return (step?.step.run ?? "")
    .split("\n")
    .filter((line) => line.startsWith("npx exports plan"))
    .map((line) => {
      const [command = "", file = ""] = line.split(" > ");
      const words = command.split(" ").slice(2);
      const args = words.map((w) => w.replace(/^"\$(\w+)"$/, (_, name: string) => env[name] ?? ""));
      return { args, file: file.replace(/^"\$RUNNER_TEMP\/(.*)"$/, "$1") };
    });
}

let repo: string;
// The repository's own datasets, on the base: each is unchanged by the change.
let unchanged: number;
beforeAll(async () => {
  repo = await exampleRepository("exports-plan-length-", "base");
  const names = await Promise.all(["push_datasets", "pull_datasets"].map((d) => readdir(join(repo, d))));
  unchanged = names.flat().filter((n) => n.endsWith(".yaml")).length;
  // A change whose full plan is several times what a comment holds.
  for (let i = 0; i < 150; i++)
    await writeFile(
      join(repo, `push_datasets/feed_${i}.yaml`),
      `name: feed_${i}\nbucket: partner-feed-${i}-inbound\nusers:\n  - alpha_user_person-${i}\n  - alpha_user_other-${i}\n`,
    );
  // Where scripts/fetch-pull-request.sh leaves the merge that the workflow plans.
  await git(repo, "checkout", "-qb", "change");
  await git(repo, "add", ".");
  await git(repo, "commit", "-qm", "150 datasets");
  await git(repo, "update-ref", "refs/exports/merge", "HEAD");
}, 60_000);
afterAll(() => rm(repo, { recursive: true, force: true }));

describe("the pull request's plan, past GitHub's comment limit", () => {
  it("is summarised within the limit with a link to the run, and kept whole beside it", async () => {
    const written: Record<string, string> = {};
    for (const { args, file } of planCommands()) {
      const { code, stdout } = await runCli([...args, "--root", repo]);
      expect(code, args.join(" ")).toBe(0);
      written[file] = stdout;
    }
    expect(Object.keys(written).sort()).toEqual(["plan-full.md", "plan.md"]);
    const full = written["plan-full.md"] ?? "";
    const comment = written["plan.md"] ?? "";
    expect(full.length).toBeGreaterThan(GITHUB_COMMENT_LIMIT);
    expect(full).toContain("#### ➕ push dataset `feed_149` (added)");
    expect(comment.length).toBeLessThan(GITHUB_COMMENT_LIMIT);
    expect(comment).toContain(`**This is a summary.** The full plan is ${full.length} characters`);
    expect(comment).toContain(`The full plan is here: <${RUN_URL}>.`);
    expect(comment).toContain(`Against \`main\`: 150 added, 0 changed, 0 removed, ${unchanged} unchanged.`);
  }, 120_000);
});
