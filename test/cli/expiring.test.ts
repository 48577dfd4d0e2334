import { cp, mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FIXTURES } from "../support";
import { proposingRepository } from "../github/proposingRepository";
import { REPO } from "../synth";
import { run } from "../../src/cli/program";
import { runCli } from "./runCli";

const EXPIRING = join(FIXTURES, "repos/expiring");
/** Clocks either side of the fixture's end date, 31 December 2026 in London. */
const DEC_20 = () => new Date("2026-12-20T09:00:00Z");
const JAN_1 = () => new Date("2027-01-01T00:00:01Z");

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "exports-expiring-"));
  await cp(EXPIRING, root, { recursive: true });
});
afterEach(() => rm(root, { recursive: true, force: true }));

const cli = (clock: () => Date, ...args: string[]) => runCli([...args, "--root", root], { clock });

describe("exports expiring", () => {
  it("prints plain text in a terminal, or with --format text, and the Markdown comment when written to a file", async () => {
    const inTerminal = async (...args: string[]) => {
      let stdout = "";
      const code = await run(
        ["expiring", ...args, "--root", root],
        { stdout: (t) => (stdout += t), stderr: (t) => (stdout += t), isTTY: true },
        undefined,
        DEC_20,
      );
      return { code, stdout };
    };
    const terminal = await inTerminal();
    expect(terminal.code).toBe(0);
    expect(terminal.stdout).not.toMatch(/<!--|\||###/);
    expect(terminal.stdout).toContain("Agreements ending, checked on 2026-12-20 (Europe/London).");
    expect(terminal.stdout).toContain(
      "  push dataset court_feed (push_datasets/court_feed.yaml): last day 2026-12-31, 11 days left\n    users: alpha_user_ana, alpha_user_ben\n",
    );
    expect((await cli(DEC_20, "expiring", "--format", "text")).stdout).toBe(terminal.stdout);
    expect((await cli(DEC_20, "expiring")).stdout).toMatch(/^<!-- data-exports agreements ending -->/);
  });

  it("lists, in JSON, the datasets ending within the window with their users and paperwork", async () => {
    const { code, stdout } = await cli(DEC_20, "expiring", "--format", "json");
    expect(code).toBe(0);
    const out = JSON.parse(stdout) as { today: string; expired: unknown[]; expiring: Record<string, unknown>[] };
    expect(out.today).toBe("2026-12-20");
    expect(out.expired).toEqual([]);
    expect(out.expiring).toEqual([
      expect.objectContaining({
        name: "shared_extract",
        pullArns: ["arn:aws:iam::111122223333:role/extract-reader"],
        paperwork: "DSA-2025-014",
      }),
      expect.objectContaining({
        name: "court_feed",
        file: "push_datasets/court_feed.yaml",
        expires: "2026-12-31",
        endsAt: "2027-01-01T00:00:00Z",
        daysLeft: 11,
        users: ["alpha_user_ana", "alpha_user_ben"],
        paperwork: "https://example.org/dsa/court-feed",
      }),
    ]);
  });

  it("after the date, lists them as ended and with --remove-expired deletes only their files", async () => {
    const { code, stdout } = await cli(JAN_1, "expiring", "--format", "markdown", "--remove-expired");
    expect(code).toBe(0);
    expect(stdout.split("\n")[0]).toBe("<!-- data-exports agreements ending -->");
    expect(stdout).toContain("#### Ended: this pull request removes their files");
    expect(stdout).toContain(
      "| push `court_feed` | `push_datasets/court_feed.yaml` | 2026-12-31 (ended 1 day ago) | `alpha_user_ana`, `alpha_user_ben` | — | `https://example.org/dsa/court-feed` |",
    );
    expect(stdout).not.toContain("Ending within");
    expect(await readdir(join(root, "push_datasets"))).toEqual(["open_feed.yaml"]);
    expect(await readdir(join(root, "pull_datasets"))).toEqual([]);
  });

  it("keeps free text from a dataset file inert in Markdown", async () => {
    const file = join(root, "push_datasets/court_feed.yaml");
    const text = await readFile(file, "utf8");
    await writeFile(
      file,
      // A bidirectional override is refused by paperwork-link, so the file would not be listed at all.
      text.replace(/paperwork: .*/, 'paperwork: "`@team` <img src=x> | [x](https://evil) evil"'),
    );
    const { stdout } = await cli(DEC_20, "expiring");
    expect(stdout).toContain("| `` `@team` <img src=x> \\| [x](https://evil) evil `` |");
  });

  it("says so when nothing ends within the window", async () => {
    const { code, stdout } = await cli(() => new Date("2026-06-01T12:00:00Z"), "expiring");
    expect(code).toBe(0);
    expect(stdout).toContain("No dataset's access ends within the next 30 days.");
  });
});

describe("the agreements-ending workflow's script", () => {
  let repo: Awaited<ReturnType<typeof proposingRepository>>;
  beforeEach(async () => {
    repo = await proposingRepository(root);
  });
  afterEach(() => repo.dispose());

  /** Runs the workflow's two steps: the command, then the script, as the workflow does. */
  async function workflowRun(clock: () => Date, open: string) {
    const json = (await cli(clock, "expiring", "--format", "json")).stdout;
    const md = (await cli(clock, "expiring", "--format", "markdown", "--remove-expired")).stdout;
    await writeFile(join(repo.bin, "expiring.json"), json);
    await writeFile(join(repo.bin, "expiring.md"), md);
    const { calls, failed } = await repo.run(
      join(REPO, "scripts/agreements-ending.sh"),
      [join(repo.bin, "expiring.json"), join(repo.bin, "expiring.md")],
      open,
    );
    expect(failed).toBeUndefined();
    return calls;
  }

  it("opens a pull request that removes the ended datasets' files", async () => {
    const calls = await workflowRun(JAN_1, "");
    expect(calls.at(-1)).toBe(
      `pr create --base main --head maintenance/agreements-ending --title Data exports: agreements ending --body-file ${join(repo.bin, "expiring.md")}`,
    );
    const stdout = await repo.pushed("maintenance/agreements-ending");
    expect(stdout).toContain("Remove datasets whose access has ended: shared_extract, court_feed");
    expect(stdout).toContain("D\tpush_datasets/court_feed.yaml");
    expect(stdout).toContain("D\tpull_datasets/shared_extract.yaml");
    expect(stdout).not.toContain("open_feed");
    // The pull request's own branch check lets a maintenance/ branch remove dataset files.
    const check = await cli(JAN_1, "check-branch", "--branch", "maintenance/agreements-ending", "--base", "main");
    expect([check.code, check.stdout]).toEqual([0, expect.stringContaining("✔ maintenance branch")]);
  });

  it("updates the pull request already open instead of opening another", async () => {
    const calls = await workflowRun(DEC_20, "17");
    expect(calls.at(-1)).toBe(
      `pr edit 17 --title Data exports: agreements ending --body-file ${join(repo.bin, "expiring.md")}`,
    );
    const stdout = await repo.pushed("maintenance/agreements-ending");
    expect(stdout.trim()).toBe("Agreements ending soon (nothing to remove yet)");
  });

  it("closes the open pull request when nothing ends within the window any more", async () => {
    const calls = await workflowRun(() => new Date("2026-06-01T12:00:00Z"), "17");
    expect(calls.at(-1)).toMatch(/^pr close 17 --delete-branch --comment /);
    expect(calls.some((c) => c.startsWith("pr create") || c.startsWith("pr edit"))).toBe(false);
  });
});
