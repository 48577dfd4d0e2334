import { readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { emptyRepository } from "./emptyRepository";
import { answering, runCli } from "./runCli";

let root: string;
beforeEach(async () => {
  root = await emptyRepository("exports-new-expires-");
});
afterEach(() => rm(root, { recursive: true, force: true }));

const NOW = () => new Date("2026-11-25T10:00:00Z");

/** Runs `exports new`, answering each prompt in turn, on 25 November 2026. */
async function cli(args: string[], answers: string[] = []) {
  const { input, asked } = answering(answers);
  return { ...(await runCli(["new", ...args, "--root", root], { input, clock: NOW })), asked };
}

describe("exports new and expires", () => {
  it("asks for the last day, refusing a day that does not exist and one already past", async () => {
    const { code, stderr, asked } = await cli(
      ["push", "feed", "--bucket", "feed-inbound", "--user", "alpha_user_ana"],
      ["", "2027-02-29", "2026-11-24", "2027-03-31"],
    );
    expect(code).toBe(0);
    expect(asked[1]).toMatch(/^Last day of access, YYYY-MM-DD in Europe\/London/);
    expect(stderr).toContain("expires must be a day that exists");
    // The file does not exist yet: the answer to give, not how to remove or renew a file.
    expect(stderr).toContain(
      'the last day of access has passed (today is 2026-11-25 in Europe/London): found "2026-11-24". Type 2026-11-25 or a later day',
    );
    expect(stderr).not.toContain("push_datasets/feed.yaml");
    expect(await readFile(join(root, "push_datasets/feed.yaml"), "utf8")).toContain("expires: 2027-03-31\n");
  });

  it("writes no expires when the answer is empty and the settings do not require one", async () => {
    const { code } = await cli(["push", "feed", "--bucket", "feed-inbound", "--user", "alpha_user_ana"], ["", ""]);
    expect(code).toBe(0);
    expect(await readFile(join(root, "push_datasets/feed.yaml"), "utf8")).not.toContain("expires");
  });

  it("with require_expires, asks for paperwork and expires and will not go without them", async () => {
    await writeFile(join(root, "exports.settings.yaml"), "require_expires: true\nmax_expiry_months: 24\n");
    const ok = await cli(
      ["pull", "extract", "--pull-arn", "arn:aws:iam::111122223333:role/r", "--user", "alpha_user_ana"],
      ["https://example.org/dsa/1", "2029-01-01", "2028-11-25"],
    );
    expect(ok.code).toBe(0);
    expect(ok.stderr).toContain("[expires-within]");
    const text = await readFile(join(root, "pull_datasets/extract.yaml"), "utf8");
    expect(text).toContain("paperwork: https://example.org/dsa/1\nexpires: 2028-11-25\n");
    const refused = await cli([
      "push",
      "feed",
      "--bucket",
      "b-inbound",
      "--user",
      "alpha_user_ana",
      "--paperwork",
      "x",
    ]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("expires is needed");
  });
});
