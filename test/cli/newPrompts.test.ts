import { readdir, readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { createInterface } from "node:readline/promises";
import { PassThrough } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Interrupted, askWith } from "../../src/cli/new/answers";
import { newCommand } from "../../src/cli/new/command";
import { loadConfig } from "../../src/config/loadConfig";
import { emptyRepository } from "./emptyRepository";
import { answering, runCli } from "./runCli";

let root: string;
beforeEach(async () => {
  root = await emptyRepository("exports-new-prompts-");
});
afterEach(() => rm(root, { recursive: true, force: true }));

const NOW = () => new Date("2026-11-25T10:00:00Z");
const GOOGLE = "104729384756102938475:reader@analytics-prod.iam.gserviceaccount.com";

/** Runs `exports new`, answering each prompt in turn as a person would, on 25 November 2026. */
async function cli(args: string[], answers: string[]) {
  const { input, asked } = answering(answers);
  return { ...(await runCli(["new", ...args, "--root", root], { input, clock: NOW })), asked };
}

describe("exports new at its prompts", () => {
  it.each([
    { name: "Enter", first: [""], google: [GOOGLE] },
    { name: "none, as the question says", first: ["none"], google: [GOOGLE] },
    { name: "a refused ARN, then Enter", first: ["arn:aws:s3:::a-bucket", ""], google: [GOOGLE] },
    {
      name: "Enter and a refused service account",
      first: [""],
      google: ["reader@analytics-prod.iam.gserviceaccount.com", GOOGLE],
    },
  ])("makes a Google-only pull dataset after $name for the IAM roles", async ({ first, google }) => {
    const { code, stderr, asked } = await cli(["pull", "cloud_only"], [...first, ...google, "none", "alpha_user_jane"]);
    expect(code, stderr).toBe(0);
    if (google.length > 1) expect(stderr).toMatch(/\[google-service-account\]/);
    expect(asked.filter((q) => q.startsWith("Google Cloud service accounts"))).toHaveLength(google.length);
    expect(asked.filter((q) => q.startsWith("Azure workloads"))).toHaveLength(1);
    const text = await readFile(join(root, "pull_datasets/cloud_only.yaml"), "utf8");
    expect(text).not.toMatch(/pull_arns|azure_workloads/);
    const { value, errors } = await loadConfig(root);
    expect(errors).toEqual([]);
    expect(value.pull[0]?.googleServiceAccounts).toEqual([
      { id: "104729384756102938475", email: "reader@analytics-prod.iam.gserviceaccount.com" },
    ]);
  });

  it("asks again from the first reader when none is named, keeping nothing refused", async () => {
    const { code, stderr, asked } = await cli(
      ["pull", "readers"],
      ["none", "none", "none", "arn:aws:iam::111122223333:role/reader", "alpha_user_jane"],
    );
    expect(code, stderr).toBe(0);
    expect(stderr).toContain("a pull dataset needs at least one reader");
    expect(asked.filter((q) => q.startsWith("IAM role ARNs"))).toHaveLength(2);
    expect((await loadConfig(root)).value.pull[0]?.pullArns).toEqual(["arn:aws:iam::111122223333:role/reader"]);
  });

  // Ctrl-C means stop: never a file written from the answers so far, as the end of input would.
  it("stops at Ctrl-C on a terminal, at this question and every later one", async () => {
    const input = new PassThrough();
    const rl = createInterface({ input, output: new PassThrough(), terminal: true });
    const ask = askWith(rl);
    const first = ask("Paperwork: ");
    input.write("\x03");
    await expect(first).rejects.toBeInstanceOf(Interrupted);
    await expect(ask("Last day: ")).rejects.toBeInstanceOf(Interrupted);
    rl.close();
  });

  it("writes nothing at Ctrl-C, keeps the answers given, and exits 130", async () => {
    const answers = ["feed-inbound", "alpha_user_ana"];
    const ask = (question: string) => {
      const next = answers.shift();
      return next === undefined ? Promise.reject(new Interrupted()) : Promise.resolve(question && next);
    };
    let stderr = "";
    const out = { stdout: () => undefined, stderr: (t: string) => void (stderr += t) };
    const code = await newCommand("push", "feed", { root, now: NOW() }, ask, out);
    expect(code).toBe(130);
    expect(stderr).toContain("exports new: stopped by Ctrl-C.\n");
    expect(stderr).toContain("Nothing was written. Your answers, as push_datasets/feed.yaml would have held them:");
    expect(stderr).toContain("  bucket: feed-inbound\n");
    expect(stderr).toContain("    - alpha_user_ana\n");
    expect(await readdir(join(root, "push_datasets"))).toEqual([]);
  });

  it("keeps the answers when input ends, and never points at the file it did not write", async () => {
    const { code, stderr } = await cli(["push", "feed"], ["feed-inbound"]);
    expect(code).toBe(1);
    expect(stderr).toContain("users is needed");
    expect(stderr).toContain("Nothing was written. Your answers, as push_datasets/feed.yaml would have held them:");
    expect(stderr).toContain("  bucket: feed-inbound\n");
    expect(stderr).not.toMatch(/push_datasets\/feed\.yaml:\d+:\d+/);
    expect(await readdir(join(root, "push_datasets"))).toEqual([]);
  });

  it("asks for each optional key of a push dataset, and writes what was answered", async () => {
    const { code, stderr, asked } = await cli(
      ["push", "feed", "--bucket", "feed-inbound", "--user", "alpha_user_ana"],
      ["https://example.org/dsa/1", "2027-03-31", "012345678901", "y", "team@example.org", "yes", ""],
    );
    expect(code, stderr).toBe(0);
    expect(asked.map((q) => q.split(/[ ,(]/)[0])).toEqual([
      "Paperwork",
      "Last",
      "Account",
      "Keep",
      "E-mail",
      "Tell",
      "Data",
    ]);
    const { value, errors, warnings } = await loadConfig(root);
    expect([...errors, ...warnings]).toEqual([]);
    expect(value.push[0]).toMatchObject({
      paperwork: ["https://example.org/dsa/1"],
      expires: "2027-03-31",
      bucketOwner: "012345678901",
      keepFiles: true,
      notify: { emails: ["team@example.org"], deliveries: true },
    });
  });

  it("leaves every optional key of a pull dataset out when answered with Enter, re-asking a wrong yes/no", async () => {
    const { code, stderr, asked } = await cli(
      ["pull", "extract", "--pull-arn", "arn:aws:iam::111122223333:role/r", "--user", "alpha_user_ana"],
      ["", "", "maybe", "", ""],
    );
    expect(code, stderr).toBe(0);
    expect(stderr).toContain('allow_push is yes or no: found "maybe". Type yes or no');
    expect(asked.filter((q) => q.startsWith("May the readers also write"))).toHaveLength(2);
    expect(asked.at(-1)).toMatch(/^Keep every version/);
    const text = await readFile(join(root, "pull_datasets/extract.yaml"), "utf8");
    expect(text).not.toMatch(/paperwork|expires|allow_push|bucket_versioning/);
  });

  it("says at a prompt the answer to type, never a line of YAML, for every key", async () => {
    const { code, stderr } = await cli(
      ["push", "feed"],
      [
        "s3://their-bucket/exports/",
        "their-bucket",
        "Bob",
        "alpha_user_bob",
        "",
        "31/03/2027",
        "2027-03-31",
        "arn:aws:iam::999988887777:root",
        "999988887777",
        "",
        "",
      ],
    );
    expect(code, stderr).toBe(0);
    expect(stderr).toContain('found "s3://their-bucket/exports/". Type their-bucket.');
    expect(stderr).toContain(
      'Files always arrive under feed/ in it (the dataset\'s name, then the key as uploaded), so the path "exports/" is not used',
    );
    expect(stderr).toContain('found "Bob". Type alpha_user_Bob.');
    expect(stderr).toContain("Type 999988887777.");
    expect(stderr).toContain("e.g. 2027-03-31");
    // "<what>: found <value>" is the message's own shape; any other "<key>: " is a line of YAML.
    for (const key of ["bucket", "users", "expires", "bucket_owner"])
      expect(stderr).not.toMatch(new RegExp(`\\b${key}: (?!found)`));
    expect(stderr).not.toMatch(/\bWrite\b/);
  });

  it("asks again and again without Node warning of leaked listeners in the middle of a prompt", async () => {
    const warnings: string[] = [];
    const listen = (w: Error) => warnings.push(w.name);
    process.on("warning", listen);
    const { code } = await cli(["push", "feed"], [...Array.from({ length: 15 }, () => "Not A Bucket"), "feed-inbound"]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    process.off("warning", listen);
    expect(code).toBe(1);
    expect(warnings).not.toContain("MaxListenersExceededWarning");
  });
});
