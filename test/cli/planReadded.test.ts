import { readdir } from "node:fs/promises";
import { join } from "node:path";
import MarkdownIt from "markdown-it";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  BEFORE,
  OLD_PULL,
  OLD_PUSH,
  change,
  pullFile,
  pushFile,
  removeRepository,
  takeOverRepository,
} from "../config/takeOverRepository";
import { runCli } from "./runCli";

async function plan(root: string, format: string, base = "main") {
  const { code, stdout, stderr } = await runCli(["plan", "--root", root, "--base", base, "--format", format]);
  expect(code, stderr).toBe(0);
  return stdout;
}

// Markdown escapes punctuation; the callout's words are compared without the backslashes.
const unescaped = (s: string) => s.replace(/\\(.)/g, "$1");

interface TakeOverJson {
  kind: string;
  name: string;
  file: string;
  removed: { name: string; file: string; commit: string | null };
  bucket?: string;
  readableBy?: string[];
  exportPrefix?: string;
  target?: string;
  formerTarget?: string | null;
  sentence: string;
}

/** The plan's first lines in text (before any dataset's block), its Markdown callout, and its JSON take-overs. */
async function firstLines(root: string, base = "main") {
  const text = await plan(root, "text", base);
  const [first = ""] = text.split("\n\n");
  const markdown = await plan(root, "markdown", base);
  // The callout sits right under the counts: before the diagram and every dataset's heading.
  const lines = markdown.split("\n");
  const callout = lines
    .slice(
      0,
      lines.findIndex((l) => l.startsWith("#### ")),
    )
    .join("\n");
  const quoted = new MarkdownIt("commonmark").parse(callout, {}).some((t) => t.type === "blockquote_open");
  const json = JSON.parse(await plan(root, "json", base)) as { takeOvers: TakeOverJson[] };
  return { text, first, callout: unescaped(callout), quoted, takeOvers: json.takeOvers };
}

const NEW_READER = "arn:aws:iam::444455556666:role/someone-else";

// main: this repository's datasets, then a commit that removes legal_aid_costs and court_listings_weekly.
let repo: string;
let removal: string;
// The datasets main holds after the removal: each is unchanged by the changes under test.
let unchanged: number;
beforeAll(async () => {
  ({ repo, removal } = await takeOverRepository("exports-readd-"));
  const names = await Promise.all(["push_datasets", "pull_datasets"].map((d) => readdir(join(repo, d))));
  unchanged = names.flat().filter((n) => n.endsWith(".yaml")).length;
}, 60_000);
afterAll(() => removeRepository(repo));

describe("exports plan --base says, in its first lines, what a new dataset takes over", () => {
  const pullSentence = (name: string) =>
    `pull dataset ${name} takes over s3://mojap-legal-aid-costs, kept with its data since legal_aid_costs (${OLD_PULL}) was removed in commit ${removal}; readable now by alpha_user_ana and ${NEW_READER}: the deployment adopts the bucket as it is (cdk deploy --import-existing-resources)`;

  it.each([
    { path: "the same file added back", file: OLD_PULL, name: "legal_aid_costs", takesOver: undefined },
    {
      path: "another file with the same name",
      file: "pull_datasets/costs_again.yaml",
      name: "legal_aid_costs",
      takesOver: undefined,
    },
    {
      path: "another name with the same bucket",
      file: "pull_datasets/legal-aid-costs.yaml",
      name: "legal-aid-costs",
      takesOver: "legal_aid_costs",
    },
  ])("pull, $path: the retained bucket, when it was left, and who reads it now", async ({ file, name, takesOver }) => {
    await change(repo, {
      [file]: pullFile(name, NEW_READER, takesOver),
      "pull_datasets/brand_new.yaml": pullFile("brand_new", NEW_READER),
    });
    const { first, callout, quoted, takeOvers } = await firstLines(repo);
    expect(first).toBe(`Takes over what a removed dataset left behind:\n  ! ${pullSentence(name)}`);
    expect(callout).toContain(
      `Against \`main\`: 2 added, 0 changed, 0 removed, ${unchanged} unchanged.\n\n> [!WARNING]\n> **Takes over what a removed dataset left behind.**\n> - ${pullSentence(name).replace(/^p/, "P")}.\n`,
    );
    expect(quoted).toBe(true);
    // The brand-new dataset takes nothing over.
    expect(takeOvers).toEqual([
      {
        kind: "pull",
        name,
        file,
        removed: { name: "legal_aid_costs", file: OLD_PULL, commit: removal },
        bucket: "mojap-legal-aid-costs",
        readableBy: ["alpha_user_ana", NEW_READER],
        sentence: pullSentence(name),
      },
    ]);
  });

  it.each([
    {
      path: "the name re-used to another target",
      target: "new-team-inbound",
      file: "push_datasets/listings.yaml",
      takesOver: "court_listings_weekly",
      again: "",
    },
    {
      path: "the same dataset added back",
      target: "listings-partner-inbound",
      file: OLD_PUSH,
      takesOver: undefined,
      again:
        "; its mover role is made anew, so the receiving team must save its statement again, even if their policy seems to hold it",
    },
  ])("push, $path: the waiting files go to its target", async ({ target, file, takesOver, again }) => {
    await change(repo, { [file]: pushFile("court_listings_weekly", target, takesOver) });
    const sentence = `push dataset court_listings_weekly: files still waiting under s3://mojap-hub-exports/court_listings_weekly/ will go to s3://${target}, since court_listings_weekly (${OLD_PUSH}) was removed in commit ${removal}, and sent its files to s3://listings-partner-inbound${again}`;
    const { first, callout, takeOvers } = await firstLines(repo);
    expect(first).toBe(`Takes over what a removed dataset left behind:\n  ! ${sentence}`);
    expect(callout).toContain(
      `> **Takes over what a removed dataset left behind.**\n> - ${sentence.replace(/^p/, "P")}.\n`,
    );
    expect(takeOvers).toEqual([
      {
        kind: "push",
        name: "court_listings_weekly",
        file,
        removed: { name: "court_listings_weekly", file: OLD_PUSH, commit: removal },
        exportPrefix: "s3://mojap-hub-exports/court_listings_weekly/",
        target,
        formerTarget: "listings-partner-inbound",
        sentence,
      },
    ]);
  });

  it("a rename within the change: the base's dataset is removed by this change", async () => {
    await change(repo, {
      "pull_datasets/legal-aid-costs.yaml": pullFile("legal-aid-costs", NEW_READER, "legal_aid_costs"),
    });
    const { first, takeOvers } = await firstLines(repo, BEFORE);
    expect(first).toContain(
      `pull dataset legal-aid-costs takes over s3://mojap-legal-aid-costs, kept with its data since legal_aid_costs (${OLD_PULL}) is removed by this change;`,
    );
    expect(takeOvers.map((t) => t.removed)).toEqual([{ name: "legal_aid_costs", file: OLD_PULL, commit: null }]);
  });

  it("keeps the callout in a comment too long to hold the whole plan: the summary starts with it", async () => {
    await change(repo, {
      "pull_datasets/legal-aid-costs.yaml": pullFile("legal-aid-costs", NEW_READER, "legal_aid_costs"),
      "pull_datasets/brand_new.yaml": pullFile("brand_new", NEW_READER),
    });
    const args = ["plan", "--root", repo, "--base", "main", "--format", "markdown", "--max-length", "1000"];
    const { code, stdout } = await runCli(args);
    expect(code).toBe(0);
    expect(stdout).toContain("**This is a summary.**");
    expect(stdout.indexOf("> **Takes over what a removed dataset left behind.**")).toBeLessThan(
      stdout.indexOf("**This is a summary.**"),
    );
    expect(stdout).toContain("> - Pull dataset legal\\-aid\\-costs takes over s3\\:\\/\\/mojap\\-legal\\-aid\\-costs");
  });

  it("says nothing when nothing is taken over, and the JSON's list is empty", async () => {
    await change(repo, { "pull_datasets/brand_new.yaml": pullFile("brand_new", NEW_READER) });
    const { text, callout, takeOvers } = await firstLines(repo);
    expect(text).not.toContain("Takes over");
    expect(callout).not.toContain("Takes over");
    expect(takeOvers).toEqual([]);
  });
});
