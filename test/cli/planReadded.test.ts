import { readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import MarkdownIt from "markdown-it";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exampleRepository, git } from "../exampleRepository";
import { runCli } from "./runCli";

async function plan(root: string, format: string) {
  const { code, stdout, stderr } = await runCli(["plan", "--root", root, "--base", "main", "--format", format]);
  expect(code, stderr).toBe(0);
  return stdout;
}

// Removing a dataset keeps its pull bucket and data (decision 0004); adding it back adopts them.
let repo: string;
let removal: string;
const PULL = "pull_datasets/sentencing_statistics.yaml";
const PUSH = "push_datasets/prison_population_hub.yaml";
beforeAll(async () => {
  repo = await exampleRepository("exports-readd-", "datasets");
  const [pull, push] = [await readFile(join(repo, PULL), "utf8"), await readFile(join(repo, PUSH), "utf8")];
  await git(repo, "rm", "-q", PULL, PUSH);
  await git(repo, "commit", "-qm", "remove two datasets");
  removal = (await git(repo, "rev-parse", "--short", "HEAD")).stdout.trim();
  // The change under review adds both back, and one dataset that never existed.
  await writeFile(join(repo, PULL), pull);
  await writeFile(join(repo, PUSH), push);
  await writeFile(
    join(repo, "pull_datasets/brand_new.yaml"),
    "name: brand_new\npull_arns:\n  - arn:aws:iam::111122223333:role/reader\nusers:\n  - alpha_user_ana\n",
  );
}, 60_000);
afterAll(() => rm(repo, { recursive: true, force: true }));

describe("exports plan --base, for a dataset added back after its removal", () => {
  it("says in text that the retained bucket and its data are adopted, and that the receiving statement must be saved again", async () => {
    const text = await plan(repo, "text");
    expect(text).toContain(
      `(added back: ${PULL} was removed in commit ${removal}. Its bucket s3://mojap-sentencing-statistics was kept with whatever data it still holds: the deployment adopts it (cdk deploy --import-existing-resources)`,
    );
    expect(text).toContain(`(added back: ${PUSH} was removed in commit ${removal}. Its mover role is made anew`);
    const brandNew = text.split("\n\n").find((b) => b.includes("brand_new")) ?? "";
    expect(brandNew).toContain("added");
    expect(brandNew).not.toContain("added back");
  });

  it("puts it in the comment as a callout reviewers see, and in the JSON plan as the removing commit", async () => {
    const markdown = await plan(repo, "markdown");
    const quotes = new MarkdownIt("commonmark")
      .parse(markdown, {})
      .filter((t) => t.type === "inline" && t.content.includes("Added back"))
      .map((t) => t.content);
    expect(quotes).toHaveLength(2);
    expect(quotes.join("\n")).toContain("s3\\:\\/\\/mojap\\-sentencing\\-statistics was kept");

    const json = JSON.parse(await plan(repo, "json")) as { datasets: { name: string; readdedAfter?: string }[] };
    const after = Object.fromEntries(json.datasets.map((d) => [d.name, d.readdedAfter]));
    expect(after).toMatchObject({
      sentencing_statistics: removal,
      prison_population_hub: removal,
      brand_new: undefined,
    });
  });
});
