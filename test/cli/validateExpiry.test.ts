import { execFile } from "node:child_process";
import { cp, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FIXTURES } from "../support";
import { runCli } from "./runCli";

const exec = promisify(execFile);
let root: string;

/** A repository holding the expiring fixture, committed on main, with require_expires set. */
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "exports-validate-expiry-"));
  await cp(join(FIXTURES, "repos/expiring"), root, { recursive: true });
  await writeFile(join(root, "exports.settings.yaml"), "require_expires: true\nmax_expiry_months: 24\n");
  const git = (...args: string[]) => exec("git", args, { cwd: root });
  await git("init", "--quiet", "--initial-branch=main");
  await git("add", ".");
  await git("-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "--quiet", "-m", "base");
});
afterEach(() => rm(root, { recursive: true, force: true }));

const cli = (now: string, ...args: string[]) => runCli([...args, "--root", root], { clock: () => new Date(now) });

describe("exports validate and expires", () => {
  it("warns within the window, naming the line and the paperwork, and exits 0", async () => {
    const { code, stdout } = await cli("2026-12-20T09:00:00Z", "validate");
    expect(code).toBe(0);
    expect(stdout).toContain(
      'push_datasets/court_feed.yaml:7:10: warning access to push dataset court_feed ends after 2026-12-31 (Europe/London): 11 days left: found expires: 2026-12-31. To keep access, renew the paperwork "https://example.org/dsa/court-feed", then change expires on line 7',
    );
  });

  it("errors from the first day after, and exits 1", async () => {
    const { code, stdout } = await cli("2027-01-01T00:00:00Z", "validate", "--format", "github");
    expect(code).toBe(1);
    expect(stdout).toMatch(/^::error file=push_datasets\/court_feed.yaml,line=7,col=10,title=expires-passed::/m);
    expect(stdout).toMatch(/^::error file=pull_datasets\/shared_extract.yaml,line=8,col=10,title=expires-passed::/m);
  });

  it("requires expires and paperwork of a file new against --base, leaving the files already there alone", async () => {
    await writeFile(
      join(root, "push_datasets/new_feed.yaml"),
      "name: new_feed\nbucket: new-inbound\nusers:\n  - alpha_user_ana\n",
    );
    const { code, stdout } = await cli("2026-12-01T09:00:00Z", "validate", "--base", "main");
    expect(code).toBe(1);
    expect(stdout).toContain("push_datasets/new_feed.yaml:1:7: error a new dataset must say when its access ends");
    expect(stdout).toContain("push_datasets/open_feed.yaml:1:7: warning push dataset open_feed has no end date");
    const without = await cli("2026-12-01T09:00:00Z", "validate");
    expect(without.stdout).not.toContain("expires-required");
  });

  it("refuses a base git does not know, as a usage error", async () => {
    const { code, stderr } = await cli("2026-12-01T09:00:00Z", "validate", "--base", "no-such-ref");
    expect(code).toBe(2);
    expect(stderr).toContain('git cannot find "no-such-ref"');
  });

  it("plans an expired dataset without grants instead of refusing to plan", async () => {
    const { code, stdout } = await cli("2027-01-01T00:00:00Z", "plan");
    expect(code).toBe(0);
    expect(stdout).toContain("access ended after 2026-12-31 (Europe/London): nobody is granted anything");
  });
});
