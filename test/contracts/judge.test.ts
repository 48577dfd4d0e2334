import { describe, expect, it } from "vitest";
import { inspectObject, judge, type DataContract, type Inspection } from "../../src/contracts";
import { csvFile, flatParquet, memoryObject, utf8, xlsxWorkbook } from "./exampleFiles";

const CONTRACT: DataContract = [
  { prefix: "people/", formats: ["csv", "parquet"], maxBytes: 1024 * 1024, columns: ["id", "full_name", "dob"] },
  { prefix: "visits/", formats: ["jsonl"] },
];

const inspect = (bytes: Uint8Array): Promise<Inspection> => inspectObject(memoryObject(bytes));

describe("judge: before any read", () => {
  it("holds a key no entry covers, naming the entries there are", () => {
    expect(judge(CONTRACT, "other/x.csv", 10)).toEqual({
      verdict: "hold",
      code: "no-entry",
      problem: "no files: entry covers `other/x.csv`; the contract covers: people/, visits/",
      fix: "upload it under one of those folders, or ask for a files: entry for its folder in the dataset file",
    });
  });

  it("holds a file above the entry's max size, without asking for a read", () => {
    expect(judge(CONTRACT, "people/big.csv", 3 * 1024 * 1024)).toMatchObject({
      verdict: "hold",
      code: "too-large",
      problem: "the file is 3 MiB (3145728 bytes), more than the contract's max_size of 1 MiB for people/",
    });
  });

  it("asks for the inspection of a file an entry covers, and names the entry", () => {
    expect(judge(CONTRACT, "people/2026/a.csv", 100)).toEqual({ verdict: "inspect", entry: CONTRACT[0] });
  });

  it("lets one entry without a prefix cover the whole dataset", () => {
    expect(judge([{ prefix: "", formats: ["csv"] }], "anything/at/all.csv", 1)).toMatchObject({ verdict: "inspect" });
  });
});

describe("judge: what the inspector read", () => {
  const judged = async (key: string, bytes: Uint8Array) => judge(CONTRACT, key, bytes.length, await inspect(bytes));

  it.each([
    ["a CSV", csvFile(["dob", "id", "full_name"], [["1", "2", "3"]])],
    ["a Parquet file", flatParquet(["full_name", "dob"], 20, 5)],
  ])("delivers %s whose columns are the contract's, in any order", async (_, bytes) => {
    expect(await judged("people/a", bytes)).toEqual({ verdict: "deliver" });
  });

  it("delivers any columns where the entry names none", async () => {
    expect(await judged("visits/v.jsonl", utf8('{"anything":1}\n'))).toEqual({ verdict: "deliver" });
  });

  it("holds an extra column, naming it", async () => {
    expect(await judged("people/a.csv", csvFile(["id", "full_name", "dob", "nhs_number"], []))).toEqual({
      verdict: "hold",
      code: "extra-column",
      problem: "the column `nhs_number` is not in the contract",
      fix: "remove `nhs_number` (or ask for the contract to list it), then upload the file again under the same key",
    });
  });

  it("holds a column in another case, with a did-you-mean and a rename", async () => {
    expect(await judged("people/a.csv", csvFile(["id", "Full_Name", "dob"], []))).toEqual({
      verdict: "hold",
      code: "extra-column",
      problem: "the column `Full_Name` is not in the contract (did you mean `full_name`?)",
      fix: "rename `Full_Name` to `full_name`, then upload the file again under the same key",
    });
  });

  it("holds a near miss in spelling with a did-you-mean, and a far one without", async () => {
    expect(await judged("people/a.csv", csvFile(["id", "fullname", "date_of_birth"], []))).toMatchObject({
      code: "extra-column",
      problem:
        "the column `fullname` is not in the contract (did you mean `full_name`?); the column `date_of_birth` is not in the contract; the contract's column `dob` is missing",
    });
  });

  it("holds a missing column", async () => {
    expect(await judged("people/a.csv", csvFile(["id", "dob"], []))).toMatchObject({
      code: "missing-column",
      problem: "the contract's column `full_name` is missing",
      fix: "add `full_name`, then upload the file again under the same key",
    });
  });

  it("holds a name written twice", async () => {
    expect(await judged("people/a.csv", csvFile(["id", "full_name", "dob", "id"], []))).toMatchObject({
      code: "repeated-column",
      problem: "the column `id` appears more than once",
    });
  });

  it("holds a workbook renamed .csv, saying what it is and what is allowed", async () => {
    expect(await judged("people/extract.csv", xlsxWorkbook())).toMatchObject({
      verdict: "hold",
      code: "other-format",
      problem: expect.stringMatching(/^this is an Excel workbook \(xlsx\).*; allowed: csv, parquet$/),
    });
  });

  it("holds a format the entry does not allow, recognised by content", async () => {
    expect(await judged("visits/v.csv", csvFile(["a"], []))).toEqual({
      verdict: "hold",
      code: "format-not-allowed",
      problem: "this is a CSV file (csv); allowed: jsonl",
      fix: "export the extract as jsonl, or ask for csv to be added to the contract's formats",
    });
  });

  it("holds a file that cannot be read as the format it claims", async () => {
    const parquet = flatParquet(["full_name", "dob"], 20, 5);
    expect(await judged("people/cut.parquet", parquet.slice(0, parquet.length - 20))).toMatchObject({
      verdict: "hold",
      code: "unreadable",
    });
  });
});
