import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
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
    head?: string;
    headRepo?: string;
  } = {},
) {
  const comments = [...(options.comments ?? [])];
  const writes: { kind: "create" | "update"; id?: number; number?: number; body: string }[] = [];
  const pulls = {
    get: vi.fn(async ({ pull_number }: { pull_number: number }) => ({
      data: {
        number: pull_number,
        head: { sha: options.head ?? HEAD, repo: { full_name: options.headRepo ?? "someone/fork" } },
      },
    })),
    listFiles: "listFiles",
  };
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
      ? (options.files ?? ["push_datasets/new_feed.yaml"]).map((filename) => ({ filename }))
      : comments,
  );
  return { github: { rest: { pulls, issues }, paginate }, writes, pulls };
}

const core = () => ({ setFailed: vi.fn(), warning: vi.fn() });
const context = { repo: { owner: "org", repo: "data-exports" } };

/** An artifact as the pull request's run left it; every file optional, any content. */
function artifact(files: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), "exports-plan-artifact-"));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

async function post(dir: string, gh: ReturnType<typeof fakeGitHub>, c = core()) {
  vi.stubEnv("PLAN_DIR", dir);
  vi.stubEnv("HEAD_SHA", HEAD);
  vi.stubEnv("HEAD_REPOSITORY", "someone/fork");
  await postPlan(createRequire(import.meta.url), gh.github, context, c);
  return c;
}

afterEach(() => {
  vi.unstubAllEnvs();
});

const PLAN = `${MARKER}\n## Plan\n\n- adds push dataset new_feed\n`;

describe("plan-comment.yml's script", () => {
  it("posts the plan on the pull request the artifact names, once it checks that the pull request is at the run's commit", async () => {
    const gh = fakeGitHub();
    await post(artifact({ "plan.md": PLAN, "pull-request": "42\n" }), gh);
    expect(gh.pulls.get).toHaveBeenCalledWith(expect.objectContaining({ pull_number: 42 }));
    expect(gh.writes).toHaveLength(1);
    expect(gh.writes[0]).toMatchObject({ kind: "create", number: 42 });
    expect(gh.writes[0]?.body.startsWith(`${MARKER}\n## Plan`)).toBe(true);
    expect(gh.writes[0]?.body).toContain("Plan for commit aaaaaaaaaaaa.");
    expect(gh.writes[0]?.body).not.toContain("WARNING");
  });

  it("updates its own earlier comment, and not someone's comment that starts with the same marker", async () => {
    const gh = fakeGitHub({
      comments: [
        { id: 1, body: `${MARKER} fake plan`, user: { login: "mallory", type: "User" } },
        { id: 2, body: `${MARKER}\nold plan`, user: BOT },
      ],
    });
    await post(artifact({ "plan.md": PLAN, "pull-request": "42" }), gh);
    expect(gh.writes.map((w) => [w.kind, w.id])).toEqual([["update", 2]]);
  });

  it("posts nothing on a pull request whose head is another commit or another repository: the number is only a claim", async () => {
    for (const gh of [fakeGitHub({ head: "b".repeat(40) }), fakeGitHub({ headRepo: "org/data-exports" })]) {
      const c = await post(artifact({ "plan.md": PLAN, "pull-request": "7" }), gh);
      expect(gh.writes).toEqual([]);
      expect(c.warning).toHaveBeenCalledWith(expect.stringContaining("nothing posted"));
    }
  });

  it.each(["", "42; rm -rf /", "-1", "0", "4.2", "1e3", "99999999999", "$(id)"])(
    "fails without asking GitHub anything for a pull request number of %j",
    async (said) => {
      const gh = fakeGitHub();
      const c = await post(artifact({ "plan.md": PLAN, "pull-request": said }), gh);
      expect(c.setFailed).toHaveBeenCalledWith(expect.stringContaining("names no pull request"));
      expect(gh.pulls.get).not.toHaveBeenCalled();
    },
  );

  it("warns reviewers when the pull request also changes code, which made the plan", async () => {
    const gh = fakeGitHub({
      files: [
        "push_datasets/new_feed.yaml",
        "src/report/formatPlan.ts",
        "push_datasets/x/y.yaml",
        { filename: "pull_datasets/z.yaml", previous_filename: "src/report/changes.ts" },
      ],
    });
    await post(artifact({ "plan.md": PLAN, "pull-request": "42" }), gh);
    expect(gh.writes[0]?.body).toContain("> [!WARNING]\n> This pull request changes 3 file(s) outside push_datasets/");
    expect(gh.writes[0]?.body.startsWith(MARKER)).toBe(true);
  });

  it("replaces a stale plan when the new run made none, and posts nothing new", async () => {
    const stale = fakeGitHub({ comments: [{ id: 5, body: `${MARKER}\nold plan`, user: BOT }] });
    await post(artifact({ "pull-request": "42" }), stale);
    expect(stale.writes).toEqual([
      { kind: "update", id: 5, body: expect.stringContaining("No plan for commit aaaaaaaaaaaa") },
    ]);

    const none = fakeGitHub();
    await post(artifact({ "plan.md": "Error: something\n", "pull-request": "42" }), none);
    expect(none.writes).toEqual([]);
  });

  it.each([
    { name: "a plan far too long, in an open code block", text: `\`\`\`json\n${"x".repeat(100_000)}`, code: false },
    { name: "a plan that fits alone but not with the warning", text: "y".repeat(65_536 - MARKER.length), code: true },
    { name: "a plan cut inside a character of two UTF-16 units", text: "😀".repeat(40_000), code: true },
  ])("cuts $name to GitHub's limit, with a note that reads as text", async ({ text, code }) => {
    const gh = fakeGitHub({ files: code ? ["src/cli/main.ts"] : ["push_datasets/a.yaml"] });
    await post(artifact({ "plan.md": `${MARKER}\n${text}`, "pull-request": "42" }), gh);
    const body = gh.writes[0]?.body ?? "";
    expect(body.length).toBeLessThanOrEqual(65_536);
    expect(body).toMatch(
      /\n\n…the plan is longer than a comment holds: run `npx exports plan --base origin\/main` for all of it\.\n\n\n<sub>Plan for commit aaaaaaaaaaaa\.<\/sub>\n$/,
    );
    expect((body.match(/^```/gm) ?? []).length % 2).toBe(0);
    expect(body).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });

  it("posts a plan that fits whole, uncut", async () => {
    const gh = fakeGitHub();
    const text = "z".repeat(60_000);
    await post(artifact({ "plan.md": `${MARKER}\n${text}`, "pull-request": "42" }), gh);
    expect(gh.writes[0]?.body).toBe(`${MARKER}\n${text}\n\n<sub>Plan for commit aaaaaaaaaaaa.</sub>\n`);
  });

  it("reads no file the artifact links to elsewhere", async () => {
    const dir = artifact({ "pull-request": "42" });
    const secret = join(mkdtempSync(join(tmpdir(), "exports-secret-")), "token");
    writeFileSync(secret, `${MARKER}\nsecret`);
    symlinkSync(secret, join(dir, "plan.md"));
    mkdirSync(join(dir, "nested"));
    const gh = fakeGitHub();
    await post(dir, gh);
    expect(gh.writes).toEqual([]);
  });
});
