import { mkdtempSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { isDatasetFilePath } from "../../src/config/datasetFileName";
import { steps, workflow } from "./workflowFiles";

// The script exactly as plan-comment.yml gives it to actions/github-script, which runs it as the
// body of an async function of (require, github, context, core).
const script = steps(workflow("plan-comment.yml")).find(({ step }) => step.uses?.startsWith("actions/github-script"))
  ?.step.with?.script as string;
const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (
  ...args: string[]
) => (...args: unknown[]) => Promise<void>;
const postPlan = new AsyncFunction("require", "github", "context", "core", script);

const MARKER = "<!-- data-exports plan -->";
const HEAD = "a".repeat(40);
const BOT = { login: "github-actions[bot]", type: "Bot" };

interface Comment {
  id: number;
  body: string;
  user: { login: string; type: string };
}

/** GitHub as the script sees it: one pull request, its changed files and its comments. */
function fakeGitHub(
  options: {
    files?: (string | { filename: string; previous_filename: string })[];
    comments?: Comment[];
  } = {},
) {
  const comments = [...(options.comments ?? [])];
  const writes: { kind: "create" | "update"; id?: number; number?: number; body: string }[] = [];
  const pulls = { listFiles: "listFiles" };
  const issues = {
    listComments: "listComments",
    createComment: vi.fn(async (a: { issue_number: number; body: string }) => {
      writes.push({ kind: "create", number: a.issue_number, body: a.body });
    }),
    updateComment: vi.fn(async (a: { comment_id: number; body: string }) => {
      writes.push({ kind: "update", id: a.comment_id, body: a.body });
    }),
  };
  const paginate = vi.fn(async (what: string) =>
    what === "listFiles"
      ? (options.files ?? ["push_datasets/new_feed.yaml"]).map((f) => (typeof f === "string" ? { filename: f } : f))
      : comments,
  );
  return { github: { rest: { pulls, issues }, paginate }, writes, listed: (options.files ?? [0]).length };
}

const core = () => ({ setFailed: vi.fn(), warning: vi.fn() });
const context = { repo: { owner: "org", repo: "data-exports" } };

/** The plan file as the job's own `exports plan` step left it, or none when the step did not run. */
function planFile(text?: string) {
  const file = join(mkdtempSync(join(tmpdir(), "exports-plan-")), "plan.md");
  if (text !== undefined) writeFileSync(file, text);
  return file;
}

async function post(
  file: string,
  gh: ReturnType<typeof fakeGitHub>,
  c = core(),
  validated?: string,
  changedFiles = gh.listed,
) {
  // As the workflow's env: gives them, from the pull_request_target event.
  vi.stubEnv("PLAN_FILE", file);
  vi.stubEnv("VALIDATE_FILE", planFile(validated));
  vi.stubEnv("PULL_REQUEST", "42");
  vi.stubEnv("HEAD_SHA", HEAD);
  vi.stubEnv("CHANGED_FILES", String(changedFiles));
  await postPlan(createRequire(import.meta.url), gh.github, context, c);
  return c;
}

afterEach(() => {
  vi.unstubAllEnvs();
});

const PLAN = `${MARKER}\n## Plan\n\n- adds push dataset new_feed\n`;

const FOOTER = "\n\n<sub>Plan for commit aaaaaaaaaaaa, made by the base branch's code.</sub>\n";

describe("plan-comment.yml's script", () => {
  it("posts the plan its own job made on the pull request of the event", async () => {
    const gh = fakeGitHub();
    await post(planFile(PLAN), gh);
    expect(gh.writes).toHaveLength(1);
    expect(gh.writes[0]).toMatchObject({ kind: "create", number: 42 });
    expect(gh.writes[0]?.body.startsWith(`${MARKER}\n## Plan`)).toBe(true);
    expect(gh.writes[0]?.body).toContain("Plan for commit aaaaaaaaaaaa, made by the base branch's code.");
    expect(gh.writes[0]?.body).not.toContain("WARNING");
  });

  it("updates its own earlier comment, and not someone's comment that starts with the same marker", async () => {
    const gh = fakeGitHub({
      comments: [
        { id: 1, body: `${MARKER} fake plan`, user: { login: "mallory", type: "User" } },
        { id: 2, body: `${MARKER}\nold plan`, user: BOT },
      ],
    });
    await post(planFile(PLAN), gh);
    expect(gh.writes.map((w) => [w.kind, w.id])).toEqual([["update", 2]]);
  });

  it("warns reviewers when the pull request changes anything but dataset files, a dataset folder's other files included", async () => {
    const gh = fakeGitHub({
      files: [
        "push_datasets/new_feed.yaml",
        "src/report/formatPlan.ts",
        "push_datasets/x/y.yaml",
        "push_datasets/eslint.config.js",
        "pull_datasets/.prettierrc.yaml",
        { filename: "pull_datasets/z.yaml", previous_filename: "src/report/changes.ts" },
      ],
    });
    await post(planFile(PLAN), gh);
    expect(gh.writes[0]?.body).toContain(
      "> [!WARNING]\n> This pull request changes 5 file(s) that are not dataset files (`<name>.yaml` directly in push_datasets/ or pull_datasets/).",
    );
    expect(gh.writes[0]?.body.startsWith(MARKER)).toBe(true);
  });

  // "Responses include a maximum of 3000 files" (REST API, "List pull requests files"), in path
  // order: a code change after 3,000 dataset files is never listed. The event's changed_files counts them all.
  it("warns reviewers about the changed files GitHub did not list, which may be code", async () => {
    const datasets = Array.from({ length: 3000 }, (_, i) => `push_datasets/feed_${i}.yaml`);
    const gh = fakeGitHub({ files: datasets });
    await post(planFile(PLAN), gh, core(), undefined, 3001);
    expect(gh.writes[0]?.body).toContain("> [!WARNING]\n");
    expect(gh.writes[0]?.body).toContain(
      "GitHub listed 3000 of the 3001 files this pull request changes: the other 1 may be code and are counted as such.",
    );

    const all = fakeGitHub({ files: datasets });
    await post(planFile(PLAN), all, core(), undefined, 3000);
    expect(all.writes[0]?.body).not.toContain("[!WARNING]");
  });

  // The script cannot import src/config/datasetFileName.ts: the two are held to one table.
  it.each([
    "push_datasets/court_listings.yaml",
    "pull_datasets/new-project.yaml",
    "push_datasets/eslint.config.js",
    "push_datasets/.prettierrc.yaml",
    "push_datasets/.yaml",
    "pull_datasets/a.yml",
    "pull_datasets/team/x.yaml",
    "push_datasets/x.yaml/eslint.config.js",
    "other/x.yaml",
  ])("counts %s as code exactly when the plan's rule does", async (file) => {
    const gh = fakeGitHub({ files: [file] });
    await post(planFile(PLAN), gh);
    expect(gh.writes[0]?.body.includes("[!WARNING]")).toBe(!isDatasetFilePath(file));
  });

  it("replaces a stale plan when this run made none, and posts nothing new", async () => {
    const stale = fakeGitHub({ comments: [{ id: 5, body: `${MARKER}\nold plan`, user: BOT }] });
    await post(planFile(), stale);
    expect(stale.writes).toEqual([
      { kind: "update", id: 5, body: expect.stringContaining("No plan for commit aaaaaaaaaaaa") },
    ]);

    const none = fakeGitHub();
    await post(planFile("Error: something\n"), none);
    expect(none.writes).toEqual([]);
  });

  it("says, when there is no plan, what validate found, in a code block no line of it can close", async () => {
    const found = 'push_datasets/a.yaml:1:7: error found "````\n# Approved" [unknown-key]\n\n✖ 1 error';
    const gh = fakeGitHub();
    await post(planFile(), gh, core(), found);
    const body = gh.writes[0]?.body ?? "";
    expect(body).toContain("No plan for commit aaaaaaaaaaaa");
    expect(body).toContain(`What \`exports validate\` found:\n\n\`\`\`\`\`text\n${found}\n\`\`\`\`\`\n`);
    expect(gh.writes.map((w) => w.kind)).toEqual(["create"]);
  });

  it.each([
    { name: "a plan far too long, in an open code block", text: `\`\`\`json\n${"x".repeat(100_000)}`, code: false },
    { name: "a plan that fits alone but not with the warning", text: "y".repeat(65_536 - MARKER.length), code: true },
    { name: "a plan cut inside a character of two UTF-16 units", text: "😀".repeat(40_000), code: true },
  ])("cuts $name to GitHub's limit, with a note that reads as text", async ({ text, code }) => {
    const gh = fakeGitHub({ files: code ? ["src/cli/main.ts"] : ["push_datasets/a.yaml"] });
    await post(planFile(`${MARKER}\n${text}`), gh);
    const body = gh.writes[0]?.body ?? "";
    expect(body.length).toBeLessThanOrEqual(65_536);
    expect(body).toMatch(
      /\n\n…the plan is longer than a comment holds: run `npx exports plan --base origin\/main` for all of it\.\n\n\n<sub>Plan for commit aaaaaaaaaaaa, made by the base branch's code\.<\/sub>\n$/,
    );
    expect((body.match(/^```/gm) ?? []).length % 2).toBe(0);
    expect(body).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });

  it("posts a plan that fits whole, uncut", async () => {
    const gh = fakeGitHub();
    const text = "z".repeat(60_000);
    await post(planFile(`${MARKER}\n${text}`), gh);
    expect(gh.writes[0]?.body).toBe(`${MARKER}\n${text}${FOOTER}`);
  });
});
