import { PassThrough } from "node:stream";
import { readdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { NEW_FLAGS } from "../../src/cli/new/flags";
import { emptyRepository } from "./emptyRepository";
import { runCli } from "./runCli";

let root: string;
beforeEach(async () => {
  root = await emptyRepository("exports-new-flags-");
});
afterEach(() => rm(root, { recursive: true, force: true }));

/** Everything else a dataset needs, so that only the flag under test is wrong. */
const REST = {
  push: ["--bucket", "feed-inbound", "--user", "alpha_user_ana"],
  pull: ["--pull-arn", "arn:aws:iam::111122223333:role/r", "--user", "alpha_user_ana"],
};

// A wrong value for every flag of exports new that takes one, with the fix it must be told.
const WRONG: { flag: string; kind: "push" | "pull"; values: string[]; fix: string | RegExp }[] = [
  { flag: "--bucket", kind: "push", values: ["s3://their-bucket/x"], fix: "Pass --bucket their-bucket." },
  { flag: "--bucket", kind: "push", values: ["arn:aws:s3:::their-bucket"], fix: "Pass --bucket their-bucket." },
  {
    flag: "--bucket-owner",
    kind: "push",
    values: ["12"],
    fix: "pass --bucket-owner '<12-digit account id>', or leave out --bucket-owner.",
  },
  {
    flag: "--bucket-owner",
    kind: "push",
    values: ["arn:aws:iam::999988887777:root"],
    fix: "Pass --bucket-owner 999988887777.",
  },
  { flag: "--user", kind: "push", values: ["alpha_user_jane.doe"], fix: "Pass --user alpha_user_jane-doe." },
  { flag: "--user", kind: "pull", values: ["arn:aws:iam::111122223333:role/x"], fix: "Pass --user x." },
  {
    flag: "--pull-arn",
    kind: "pull",
    values: ["arn:aws:sts::111122223333:assumed-role/r/s"],
    fix: "Pass --pull-arn arn:aws:iam::111122223333:role/r.",
  },
  { flag: "--pull-arn", kind: "pull", values: ["none"], fix: "Pass it as arn:aws:iam::" },
  {
    flag: "--google-service-account",
    kind: "pull",
    values: ["123456789012345678901:x@y.iam.gserviceaccount.com"],
    fix: "Pass it as <name>@<project>.iam.gserviceaccount.com",
  },
  {
    flag: "--azure-workload",
    kind: "pull",
    values: ["x"],
    fix: "Pass --azure-workload the Application ID URI",
  },
  { flag: "--paperwork", kind: "push", values: [""], fix: "Pass --paperwork a link or reference" },
  { flag: "--expires", kind: "push", values: ["2020-01-01"], fix: /Pass --expires \d{4}-\d\d-\d\d or a later day/ },
  { flag: "--expires", kind: "pull", values: ["31/03/2027"], fix: "e.g. --expires 2027-03-31" },
  { flag: "--notify", kind: "push", values: ["not-an-address"], fix: "Pass --notify an address such as" },
  { flag: "--notify", kind: "push", values: ["t@example.org", "T@example.org"], fix: "Pass it once." },
  {
    flag: "--file-format",
    kind: "push",
    values: ["xlsx"],
    fix: "export the sheet as CSV and allow --file-format csv.",
  },
  { flag: "--file-format", kind: "push", values: ["CSV"], fix: "Pass --file-format csv: formats are lower case." },
  {
    flag: "--column",
    kind: "push",
    values: ["id", "id"],
    fix: 'columns lists the same name twice: found "id". List it once.',
  },
  { flag: "--max-size", kind: "push", values: ["500 mb"], fix: "Pass --max-size '500 MB'." },
];

// A data contract's other flags, given right, so that only the flag under test is wrong.
const CONTRACT_REST: Record<string, string[]> = {
  "--file-format": ["--column", "id"],
  "--column": ["--file-format", "csv"],
  "--max-size": ["--file-format", "csv", "--column", "id"],
};

/** The lines that speak of a problem, not the answers kept. */
const problems = (stderr: string) => stderr.split("\n").filter((l) => l && !/^(Nothing was written|\s)/.test(l));

describe("a wrong value given as a flag of exports new", () => {
  it("has a case here for every flag that takes a value", () => {
    const valued = NEW_FLAGS.filter((f) => f.spec.includes(" <")).map((f) => f.spec.split(" ")[0]);
    expect([...new Set(WRONG.map((w) => w.flag))].sort()).toEqual(valued.sort());
  });

  it.each(WRONG)("$flag $values: is told at the flag, with the flag to pass", async ({ flag, kind, values, fix }) => {
    // No input: nobody is there to answer, as in CI.
    const { code, stdout, stderr } = await runCli([
      "new",
      kind,
      "feed",
      ...REST[kind],
      ...(CONTRACT_REST[flag] ?? []),
      flag,
      ...values,
      "--root",
      root,
    ]);
    expect(code).toBe(1);
    expect(stdout).toBe("");
    const said = problems(stderr);
    expect(said.length).toBeGreaterThan(0);
    for (const line of said) {
      expect(line.startsWith(`exports new ${flag}: `)).toBe(true);
      // The fix is a flag, never a line of YAML or an answer to type.
      expect(line).not.toMatch(/\b(Write|Type)\b/);
      expect(line).not.toMatch(/\b[a-z_]+: "?[^\s"]+"?\.(\s|$)/);
    }
    expect(said.join("\n")).toMatch(fix);
    expect(await readdir(join(root, `${kind}_datasets`))).toEqual([]);
  });
});

describe("exports new in a terminal whose input is closed (CI)", () => {
  /** A terminal that never answers: its input has ended. */
  const closedTerminal = () => {
    const stream = new PassThrough();
    stream.end();
    return { stream, echo: new PassThrough(), isTTY: true };
  };

  it("tells every wrong flag at once, before any question, and exits 1", async () => {
    const args = ["new", "push", "feed", "--notify", "bad", "--bucket-owner", "12", "--root", root];
    const { code, stderr } = await runCli(args, { input: closedTerminal() });
    expect(code).toBe(1);
    expect(problems(stderr)).toEqual([
      expect.stringMatching(/^exports new --bucket-owner: .*found "12"/),
      expect.stringMatching(/^exports new --notify: .*found "bad"/),
    ]);
    expect(stderr).not.toMatch(/unexpected error|needed/);
  });

  it("names the flag for a needed answer that never comes, and exits 1", async () => {
    const { code, stderr } = await runCli(["new", "push", "feed", "--user", "alpha_user_ana", "--root", root], {
      input: closedTerminal(),
    });
    expect(code).toBe(1);
    expect(stderr).toContain("exports new: bucket is needed; pass --bucket <name> or answer the question.");
    expect(stderr).not.toContain("unexpected error");
  });

  it("names the flags of a pull dataset's readers when none comes, and exits 1", async () => {
    const args = ["new", "pull", "feed", "--user", "alpha_user_ana", "--root", root];
    const { code, stderr } = await runCli(args, { input: closedTerminal() });
    expect(code).toBe(1);
    expect(stderr).toContain(
      "exports new: a pull dataset needs at least one reader: pass --pull-arn <arn...>, --google-service-account <id:email...> or --azure-workload <tenant/object-id/audience...>, or answer the questions.",
    );
    // Run as told, it writes the file.
    const again = await runCli([...args, "--pull-arn", "arn:aws:iam::111122223333:role/reader"], {
      input: closedTerminal(),
    });
    expect(again.code, again.stderr).toBe(0);
    expect(await readdir(join(root, "pull_datasets"))).toEqual(["feed.yaml"]);
  });
});
