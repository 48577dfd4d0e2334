import { readdir, readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/loadConfig";
import { emptyRepository } from "./emptyRepository";
import { answering, runCli } from "./runCli";

let root: string;
beforeEach(async () => {
  root = await emptyRepository("exports-new-contract-");
});
afterEach(() => rm(root, { recursive: true, force: true }));

const NOW = () => new Date("2026-11-25T10:00:00Z");
const PUSH = ["push", "feed", "--bucket", "feed-inbound", "--user", "alpha_user_ana"];
// Paperwork, last day, bucket owner, keep files, notify: each left out.
const SKIP = ["", "", "", "", ""];

async function cli(args: string[], answers?: string[]) {
  if (!answers) return { ...(await runCli(["new", ...args, "--root", root], { clock: NOW })), asked: [] };
  const { input, asked } = answering(answers);
  return { ...(await runCli(["new", ...args, "--root", root], { input, clock: NOW })), asked };
}

const contractOf = async () => {
  const { value, errors, warnings } = await loadConfig(root);
  expect([...errors, ...warnings]).toEqual([]);
  return value.push[0]?.files;
};

describe("exports new writes a data contract", () => {
  it("from --file-format, --column and --max-size", async () => {
    const { code, stderr } = await cli([
      ...PUSH,
      "--file-format",
      "csv",
      "parquet",
      "--column",
      "id",
      "age_band",
      "--max-size",
      "500 MB",
    ]);
    expect(code, stderr).toBe(0);
    expect(await contractOf()).toEqual([
      { prefix: "", formats: ["csv", "parquet"], maxBytes: 500_000_000, columns: ["id", "age_band"] },
    ]);
  });

  it("from its answers: formats, columns, and a size left out", async () => {
    const { code, stderr, asked } = await cli(PUSH, [...SKIP, "csv.gz", "id, age_band", ""]);
    expect(code, stderr).toBe(0);
    expect(asked.slice(-3).map((q) => q.split(/[ :(]/)[0])).toEqual(["Data", "The", "The"]);
    expect(await contractOf()).toEqual([{ prefix: "", formats: ["csv.gz"], columns: ["id", "age_band"] }]);
  });

  it("asks again after a refused format or size, saying the answer to type", async () => {
    const { code, stderr } = await cli(PUSH, [...SKIP, "xlsx", "CSV", "csv", "id", "500 mb", "500 MB"]);
    expect(code, stderr).toBe(0);
    expect(stderr).toContain("export the sheet as CSV and allow csv.");
    expect(stderr).toContain("Type csv: formats are lower case.");
    expect(stderr).toContain('found "500 mb". Type 500 MB.');
    expect(stderr).not.toMatch(/\b(formats|max_size|columns): (?!found)/);
    expect(await contractOf()).toEqual([{ prefix: "", formats: ["csv"], maxBytes: 500_000_000, columns: ["id"] }]);
  });

  it("writes no contract when the formats are left empty", async () => {
    const { code, stderr } = await cli(PUSH, [...SKIP, ""]);
    expect(code, stderr).toBe(0);
    expect(await readFile(join(root, "push_datasets/feed.yaml"), "utf8")).not.toContain("files");
  });

  it("keeps the formats among the answers when input ends before the columns", async () => {
    const { code, stderr } = await cli(PUSH, [...SKIP, "parquet"]);
    expect(code).toBe(1);
    // The formats are given: what is missing is the columns, and the flags that give both.
    expect(stderr).toContain(
      "exports new: columns is needed; pass --file-format parquet --column <name...> or answer the question.",
    );
    expect(stderr).toContain("Nothing was written.");
    expect(stderr).toMatch(/ {2}files:\n {4}- formats:\n {8}- parquet\n/);
    expect(await readdir(join(root, "push_datasets"))).toEqual([]);
    // Those flags, as told, with nobody to ask: the contract is written.
    const again = await cli([...PUSH, "--file-format", "parquet", "--column", "id"]);
    expect(again.code, again.stderr).toBe(0);
    expect(await contractOf()).toEqual([{ prefix: "", formats: ["parquet"], columns: ["id"] }]);
  });

  it("refuses --column without --file-format, naming the flag to add", async () => {
    const { code, stderr } = await cli([...PUSH, "--column", "id"]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/^exports new --file-format: a files entry names the formats that may leave/m);
    expect(stderr).toContain("Add --file-format csv");
    expect(await readdir(join(root, "push_datasets"))).toEqual([]);
  });

  it("refuses a contract's flags for a pull dataset", async () => {
    const args = ["pull", "feed", "--pull-arn", "arn:aws:iam::111122223333:role/r", "--user", "alpha_user_ana"];
    const { code, stderr } = await cli([...args, "--file-format", "csv", "--column", "id"]);
    expect(code).toBe(1);
    expect(stderr).toContain("a data contract applies to push datasets only");
    expect(await readdir(join(root, "pull_datasets"))).toEqual([]);
  });
});
