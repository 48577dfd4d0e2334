import { execFile } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { formatResult } from "../../src/cli/validate/format";
import { DEFAULT_SETTINGS } from "../../src/config/settings";
import { FIXTURES } from "../support";
import { runCli } from "./runCli";

const BROKEN = join(FIXTURES, "repos/broken");
const VALID = join(FIXTURES, "repos/valid");

const cli = (...args: string[]) => runCli(args);

describe("exports validate", () => {
  it("exits 1 and prints each error as file:line:column with its rule", async () => {
    const { code, stdout } = await cli("validate", "--root", BROKEN);
    expect(code).toBe(1);
    expect(stdout).toContain(
      'push_datasets/team_exports.yaml:2:9: error bucket is the bucket\'s name, not an ARN: found "arn:aws:s3:::receiving-bucket". Write bucket: receiving-bucket. [bucket-name]',
    );
    expect(stdout).toContain("pull_datasets/shared_reports.yaml:6:5: warning");
    expect(stdout.trimEnd().split("\n").at(-1)).toBe("✖ 1 error, 2 warnings; 0 push datasets and 1 pull dataset valid");
  });

  it("exits 0 when there are only warnings", async () => {
    const { code, stdout } = await cli("validate", "--root", VALID);
    expect(code).toBe(0);
    expect(stdout).toContain("[legacy-target-bucket]");
    expect(stdout.trimEnd().split("\n").at(-1)).toBe("✔ 1 push dataset and 0 pull datasets valid, 1 warning");
  });

  it("exits 0 on a repository in the old system's forms, saying what to write for each", async () => {
    const { code, stdout } = await cli("validate", "--root", join(FIXTURES, "repos/legacy-forms"));
    expect(code).toBe(0);
    expect(stdout).toContain(
      'pull_datasets/cjs_dashboard.yaml:2:7: warning the file name "cjs_dashboard" differs from name',
    );
    expect(stdout).toContain("npx exports migrate");
    expect(stdout.trimEnd().split("\n").at(-1)).toBe("✔ 1 push dataset and 1 pull dataset valid, 6 warnings");
  });

  it("gives JSON of errors and warnings, each {file, line, column, rule, message}", async () => {
    const { code, stdout } = await cli("validate", "--root", BROKEN, "--format", "json");
    expect(code).toBe(1);
    const parsed = JSON.parse(stdout) as { errors: object[]; warnings: object[] };
    expect(parsed.errors).toEqual([
      {
        file: "push_datasets/team_exports.yaml",
        line: 2,
        column: 9,
        rule: "bucket-name",
        message: expect.stringContaining("Write bucket: receiving-bucket"),
      },
    ]);
    expect(parsed.warnings.map((w) => Object.keys(w))).toEqual([
      ["file", "line", "column", "rule", "message"],
      ["file", "line", "column", "rule", "message"],
    ]);
  });

  it("gives GitHub annotations: errors, then warnings, one line each", async () => {
    const { stdout } = await cli("validate", "--root", BROKEN, "--format", "github");
    const lines = stdout.trimEnd().split("\n");
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(
      /^::error file=push_datasets\/team_exports.yaml,line=2,col=9,title=bucket-name::bucket is/,
    );
    expect(lines[1]).toMatch(/^::warning file=pull_datasets\/shared_reports.yaml,line=6,col=5,title=duplicate-entry::/);
  });

  it("escapes annotations so a message cannot end the command early or split it", () => {
    const issue = {
      file: "push_datasets/a,b:c.yaml",
      line: 3,
      column: 1,
      rule: "required-key",
      severity: "error" as const,
      message: "100% wrong:\nAdd:\r\n  x",
    };
    const out = formatResult(
      { value: { settings: DEFAULT_SETTINGS, push: [], pull: [] }, errors: [issue], warnings: [] },
      "github",
    );
    expect(out).toBe(
      "::error file=push_datasets/a%2Cb%3Ac.yaml,line=3,col=1,title=required-key::100%25 wrong:%0AAdd:%0D%0A  x\n",
    );
  });

  it("reports a user whose combined policy would pass IAM's size limit, at a line to change", async () => {
    const root = await mkdtemp(join(tmpdir(), "exports-busy-"));
    await mkdir(join(root, "push_datasets"));
    for (let i = 0; i < 200; i++) {
      const name = `dataset_with_a_rather_long_name_${String(i).padStart(3, "0")}`;
      await writeFile(
        join(root, "push_datasets", `${name}.yaml`),
        `name: ${name}\nbucket: receiving-bucket\nusers:\n  - alpha_user_busy\n`,
      );
    }
    const { code, stdout } = await cli("validate", "--root", root, "--format", "json");
    expect(code).toBe(1);
    expect(JSON.parse(stdout).errors).toEqual([
      expect.objectContaining({
        file: "push_datasets/dataset_with_a_rather_long_name_199.yaml",
        line: 4,
        column: 5,
        rule: "user-policy-size",
      }),
    ]);
    await rm(root, { recursive: true, force: true });
  });

  it.each([
    {
      name: "an unknown format",
      args: ["validate", "--format", "xml"],
      says: "Allowed choices are text, json, github",
    },
    { name: "an unknown command", args: ["nonsense"], says: "unknown command" },
    {
      name: "a root with no dataset folders",
      args: ["validate", "--root", FIXTURES],
      says: "has no push_datasets/ or pull_datasets/",
    },
  ])("exits 2 for $name", async ({ args, says }) => {
    const { code, stderr } = await cli(...args);
    expect(code).toBe(2);
    expect(stderr).toContain(says);
  });

  it("runs from the installed command, with the exit code in the process's status", async () => {
    const bin = join(import.meta.dirname, "../../bin/exports.cjs");
    const failure = await promisify(execFile)("node", [bin, "validate", "--root", BROKEN, "--format", "json"]).catch(
      (e: unknown) => e,
    );
    expect(failure).toMatchObject({ code: 1, stdout: expect.stringContaining('"rule": "bucket-name"') });
    const ok = await promisify(execFile)("node", [bin, "validate", "--root", VALID]);
    expect(ok.stdout).toContain("✔ 1 push dataset");
  }, 60_000);
});
