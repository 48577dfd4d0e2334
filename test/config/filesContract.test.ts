import { describe, expect, it } from "vitest";
import { FORMATS } from "../../src/contracts";
import { MAX_SIZE_LIMIT, MAX_SIZE_TEXT, sizeBytes } from "../../src/config/fileContract";
import { DEFAULT_SETTINGS } from "../../src/config/settings";
import { validateDataset } from "../../src/config/validateDataset";
import { MAX_OBJECT } from "../../src/mover/parts";

const HEAD = ["name: people_extract", "bucket: receiving-bucket", "users: [alpha_user_ana]"];
const validate = (files: string[], kind: "push" | "pull" = "push") => {
  const head =
    kind === "push"
      ? HEAD
      : ["name: people_extract", "pull_arns: [arn:aws:iam::111122223333:role/reader]", "users: [alpha_user_ana]"];
  return validateDataset(
    kind,
    `${kind}_datasets/people_extract.yaml`,
    [...head, ...files, ""].join("\n"),
    DEFAULT_SETTINGS,
  );
};
const issues = (files: string[], kind: "push" | "pull" = "push") => {
  const r = validate(files, kind);
  return [...r.errors, ...r.warnings];
};

/**
 * Each bad case: the file's `files:` lines, the rule and place (line 4 is `files:`), words of the
 * message, and the same lines with the message's fix applied, which must validate clean.
 */
const BAD: {
  name: string;
  files: string[];
  rule: string;
  at: [number, number];
  says: string;
  fixed: string[];
  severity?: "warning";
}[] = [
  {
    name: "files as one mapping",
    files: ["files:", "  formats: [csv]", "  columns: [id]"],
    rule: "files-entries",
    at: [5, 3],
    says: 'files is a list of entries, even of one: found a mapping. Start the entry with "- "',
    fixed: ["files:", "  - formats: [csv]", "    columns: [id]"],
  },
  {
    name: "files empty",
    files: ["files: []"],
    rule: "files-entries",
    at: [4, 8],
    says: "Write it as files: [{ formats: [csv], columns: [id, age_band] }].",
    fixed: ["files: [{ formats: [csv], columns: [id, age_band] }]"],
  },
  {
    name: "an entry without columns",
    files: ["files:", "  - formats: [csv]"],
    rule: "files-entries",
    at: [5, 5],
    says: "Add the columns the agreement names, e.g. columns: [id, age_band].",
    fixed: ["files:", "  - formats: [csv]", "    columns: [id, age_band]"],
  },
  {
    name: "an entry without formats",
    files: ["files:", "  - columns: [id]"],
    rule: "files-entries",
    at: [5, 5],
    says: "Add formats: [csv]",
    fixed: ["files:", "  - columns: [id]", "    formats: [csv]"],
  },
  {
    name: "a misspelt entry key",
    files: ["files:", "  - format: [csv]", "    columns: [id]"],
    rule: "files-entries",
    at: [5, 5],
    says: 'a files entry holds prefix, formats, max_size and columns only: found "format". Did you mean formats?',
    fixed: ["files:", "  - formats: [csv]", "    columns: [id]"],
  },
  {
    name: "a workbook format",
    files: ["files:", "  - formats: [xlsx]", "    columns: [id]"],
    rule: "files-formats",
    at: [5, 15],
    says: 'found "xlsx". An Excel workbook cannot be checked column by column; export the sheet as CSV and allow formats: [csv].',
    fixed: ["files:", "  - formats: [csv]", "    columns: [id]"],
  },
  {
    name: "a format in capitals",
    files: ["files:", "  - formats: [CSV, parquet]", "    columns: [id]"],
    rule: "files-formats",
    at: [5, 15],
    says: "Write csv: formats are lower case.",
    fixed: ["files:", "  - formats: [csv, parquet]", "    columns: [id]"],
  },
  {
    name: "json for JSON Lines",
    files: ["files:", "  - formats: [json]", "    columns: [id]"],
    rule: "files-formats",
    at: [5, 15],
    says: "Write jsonl",
    fixed: ["files:", "  - formats: [jsonl]", "    columns: [id]"],
  },
  {
    name: "a format misspelt",
    files: ["files:", "  - formats: [parquett]", "    columns: [id]"],
    rule: "files-formats",
    at: [5, 15],
    says: "Did you mean parquet?",
    fixed: ["files:", "  - formats: [parquet]", "    columns: [id]"],
  },
  {
    name: "one format not in a list",
    files: ["files:", "  - formats: csv", "    columns: [id]"],
    rule: "files-formats",
    at: [5, 14],
    says: "Write formats: [csv].",
    fixed: ["files:", "  - formats: [csv]", "    columns: [id]"],
  },
  {
    name: "a format twice",
    files: ["files:", "  - formats: [csv, csv]", "    columns: [id]"],
    rule: "files-formats",
    at: [5, 20],
    says: "formats lists the same format twice",
    fixed: ["files:", "  - formats: [csv]", "    columns: [id]"],
  },
  {
    name: "an empty formats list",
    files: ["files:", "  - formats: []", "    columns: [id]"],
    rule: "files-formats",
    at: [5, 14],
    says: "Write it as formats: [csv, parquet].",
    fixed: ["files:", "  - formats: [csv, parquet]", "    columns: [id]"],
  },
  {
    name: "a size in lower case",
    files: ["files:", "  - formats: [csv]", "    max_size: 500 mb", "    columns: [id]"],
    rule: "files-max-size",
    at: [6, 15],
    says: 'Write max_size: "500 MB".',
    fixed: ["files:", "  - formats: [csv]", "    max_size: 500 MB", "    columns: [id]"],
  },
  {
    name: "a size without its unit",
    files: ["files:", "  - formats: [csv]", "    max_size: 500000000", "    columns: [id]"],
    rule: "files-max-size",
    at: [6, 15],
    says: 'max_size says its unit: found "500000000" (a number, not text). Write max_size: "500 MB".',
    fixed: ["files:", "  - formats: [csv]", "    max_size: 500 MB", "    columns: [id]"],
  },
  {
    name: "a size that is no size",
    files: ["files:", "  - formats: [csv]", "    max_size: big", "    columns: [id]"],
    rule: "files-max-size",
    at: [6, 15],
    says: 'Write it as max_size: "500 MB".',
    fixed: ["files:", "  - formats: [csv]", "    max_size: 500 MB", "    columns: [id]"],
  },
  {
    name: "a size over S3's largest object",
    files: ["files:", "  - formats: [csv]", "    max_size: 49 TiB", "    columns: [id]"],
    rule: "files-max-size",
    at: [6, 15],
    says: 'max_size is at most 50000 GiB (about 48.8 TiB), the largest object the mover copies: found "49 TiB". Write max_size: "50000 GiB"',
    fixed: ["files:", "  - formats: [csv]", "    max_size: 50000 GiB", "    columns: [id]"],
  },
  {
    name: "a size of nothing",
    files: ["files:", "  - formats: [csv]", "    max_size: 0 MB", "    columns: [id]"],
    rule: "files-max-size",
    at: [6, 15],
    says: "max_size is at least 1 byte",
    fixed: ["files:", "  - formats: [csv]", "    max_size: 500 MB", "    columns: [id]"],
  },
  {
    name: "an empty columns list",
    files: ["files:", "  - formats: [csv]", "    columns: []"],
    rule: "files-columns",
    at: [6, 14],
    says: "Write it as columns: [id, age_band].",
    fixed: ["files:", "  - formats: [csv]", "    columns: [id, age_band]"],
  },
  {
    name: "a column twice",
    files: ["files:", "  - formats: [csv]", "    columns: [id, age_band, id]"],
    rule: "files-columns",
    at: [6, 29],
    says: 'columns lists the same name twice: found "id". List it once.',
    fixed: ["files:", "  - formats: [csv]", "    columns: [id, age_band]"],
  },
  {
    name: "two columns that differ only in case",
    files: ["files:", "  - formats: [parquet]", "    columns: [name, Name]"],
    rule: "files-columns",
    at: [6, 21],
    says: 'two column names differ only in case: many readers (Athena, Spark, Excel) take them for one: found "name" and "Name"',
    fixed: ["files:", "  - formats: [parquet]", "    columns: [name]"],
    severity: "warning",
  },
  {
    name: "an empty column name",
    files: ["files:", "  - formats: [csv]", '    columns: [id, ""]'],
    rule: "files-columns",
    at: [6, 19],
    says: "a column name is empty",
    fixed: ["files:", "  - formats: [csv]", "    columns: [id]"],
  },
  {
    name: "a column name with a control character",
    files: ["files:", "  - formats: [csv]", '    columns: [id, "age\\u001b[2Jband"]'],
    rule: "files-columns",
    at: [6, 19],
    says: "Write age[2Jband.",
    fixed: ["files:", "  - formats: [csv]", '    columns: [id, "age[2Jband"]'],
  },
  {
    name: "a column name with a right-to-left override",
    files: ["files:", "  - formats: [csv]", '    columns: [id, "age\\u202eband"]'],
    rule: "files-columns",
    at: [6, 19],
    says: "Write ageband.",
    fixed: ["files:", "  - formats: [csv]", "    columns: [id, ageband]"],
  },
  {
    name: "a column name too long",
    files: ["files:", "  - formats: [csv]", `    columns: [id, ${"x".repeat(256)}]`],
    rule: "files-columns",
    at: [6, 19],
    says: "a column name is at most 255 characters",
    fixed: ["files:", "  - formats: [csv]", `    columns: [id, ${"x".repeat(255)}]`],
  },
  {
    name: "a column name YAML reads as a number",
    files: ["files:", "  - formats: [csv]", "    columns: [id, 2024]"],
    rule: "files-columns",
    at: [6, 19],
    says: 'Quote it: "2024".',
    fixed: ["files:", "  - formats: [csv]", '    columns: [id, "2024"]'],
  },
  {
    name: "a prefix without its slash",
    files: ["files:", "  - prefix: people", "    formats: [csv]", "    columns: [id]"],
    rule: "files-prefix",
    at: [5, 13],
    says: 'a prefix is a folder: it ends with "/": found "people". Write prefix: people/.',
    fixed: ["files:", "  - prefix: people/", "    formats: [csv]", "    columns: [id]"],
  },
  {
    name: "an absolute prefix",
    files: ["files:", "  - prefix: /people/", "    formats: [csv]", "    columns: [id]"],
    rule: "files-prefix",
    at: [5, 13],
    says: "Write prefix: people/.",
    fixed: ["files:", "  - prefix: people/", "    formats: [csv]", "    columns: [id]"],
  },
  {
    name: "a prefix that climbs",
    files: ["files:", "  - prefix: ../other_dataset/", "    formats: [csv]", "    columns: [id]"],
    rule: "files-prefix",
    at: [5, 13],
    says: "Write prefix: other_dataset/.",
    fixed: ["files:", "  - prefix: other_dataset/", "    formats: [csv]", "    columns: [id]"],
  },
  {
    name: "a prefix with a space",
    files: ["files:", '  - prefix: "people files/"', "    formats: [csv]", "    columns: [id]"],
    rule: "files-prefix",
    at: [5, 13],
    says: "Write prefix: people_files/.",
    fixed: ["files:", "  - prefix: people_files/", "    formats: [csv]", "    columns: [id]"],
  },
  {
    name: "a prefix inside another's",
    files: [
      "files:",
      "  - prefix: people/",
      "    formats: [csv]",
      "    columns: [id]",
      "  - prefix: people/2024/",
      "    formats: [csv]",
      "    columns: [id, year]",
    ],
    rule: "files-prefix",
    at: [8, 13],
    says: "one entry's prefix lies inside another's, so both would apply to one file",
    fixed: [
      "files:",
      "  - prefix: people/",
      "    formats: [csv]",
      "    columns: [id]",
      "  - prefix: places/",
      "    formats: [csv]",
      "    columns: [id, year]",
    ],
  },
  {
    name: "an entry for the whole dataset beside another",
    files: [
      "files:",
      "  - formats: [csv]",
      "    columns: [id]",
      "  - prefix: places/",
      "    formats: [csv]",
      "    columns: [id]",
    ],
    rule: "files-prefix",
    at: [5, 5],
    says: "an entry without a prefix covers the whole dataset, so it must be the only entry",
    fixed: [
      "files:",
      "  - prefix: people/",
      "    formats: [csv]",
      "    columns: [id]",
      "  - prefix: places/",
      "    formats: [csv]",
      "    columns: [id]",
    ],
  },
  {
    name: "more entries than allowed",
    files: ["files:", ...Array.from({ length: 21 }, (_, i) => `  - { prefix: p${i}/, formats: [csv], columns: [id] }`)],
    rule: "files-entries",
    at: [25, 5],
    says: "files has at most 20 entries",
    fixed: ["files:", ...Array.from({ length: 20 }, (_, i) => `  - { prefix: p${i}/, formats: [csv], columns: [id] }`)],
  },
];

describe("a files: contract that breaks a rule", () => {
  it.each(BAD)("$name: located, with a fix that is valid", ({ files, rule, at, says, fixed, severity }) => {
    const found = issues(files).filter((i) => i.rule === rule);
    expect(found).toContainEqual(
      expect.objectContaining({
        line: at[0],
        column: at[1],
        severity: severity ?? "error",
        file: "push_datasets/people_extract.yaml",
      }),
    );
    expect(found.map((i) => i.message).join("\n")).toContain(says);
    for (const issue of found) expect(issue.message).toMatch(/: found .+\. \S/s);
    expect(issues(fixed)).toEqual([]);
    expect(validate(fixed).value).toBeDefined();
  });
});

describe("a files: contract", () => {
  it("on a pull dataset is an error saying contracts apply to push datasets", () => {
    const found = issues(["files: [{ formats: [csv], columns: [id] }]"], "pull");
    expect(found).toContainEqual(
      expect.objectContaining({ rule: "unknown-key", line: 4, column: 1, severity: "error" }),
    );
    expect(found.find((i) => i.rule === "unknown-key")?.message).toContain(
      "Data contracts (files:) apply to push datasets only",
    );
  });

  it("becomes the dataset's contract: sizes in bytes, the whole dataset as the empty prefix", () => {
    const { value } = validate([
      "files:",
      "  - prefix: people/",
      "    formats: [csv, parquet]",
      "    max_size: 500 MB",
      "    columns: [id, age_band]",
      "  - prefix: places/",
      "    formats: [csv.gz]",
      "    max_size: 2 GiB",
      "    columns: ['a|b', '*c*', '`d`', '<script>']",
    ]);
    expect(value?.kind === "push" && value.files).toStrictEqual([
      { prefix: "people/", formats: ["csv", "parquet"], maxBytes: 500_000_000, columns: ["id", "age_band"] },
      { prefix: "places/", formats: ["csv.gz"], maxBytes: 2 * 1024 ** 3, columns: ["a|b", "*c*", "`d`", "<script>"] },
    ]);
    const whole = validate(["files: [{ formats: [jsonl], columns: [id] }]"]).value;
    expect(whole?.kind === "push" && whole.files).toStrictEqual([{ prefix: "", formats: ["jsonl"], columns: ["id"] }]);
  });

  it("accepts every format the inspector judges, and every size unit", () => {
    const files = [`files: [{ formats: [${FORMATS.join(", ")}], columns: [id], max_size: 1.5 GiB }]`];
    expect(issues(files)).toEqual([]);
    for (const size of ["1 B", "500 KB", "500MB", "1.5 GB", "5 TB", "64 KiB", "10 MiB", "2 GiB", "5 TiB"])
      expect(sizeBytes(size), size).toBeGreaterThan(0);
    expect(sizeBytes("1.5 GiB")).toBe(1.5 * 1024 ** 3);
  });

  it("allows at most the largest object the mover copies, S3's largest (50,000 GiB, which AWS rounds to 48.8 TiB)", () => {
    expect(MAX_SIZE_LIMIT).toBe(MAX_OBJECT);
    expect(sizeBytes(MAX_SIZE_TEXT)).toBe(MAX_SIZE_LIMIT);
    const entry = (size: string) => ["files:", "  - formats: [csv]", `    max_size: ${size}`, "    columns: [id]"];
    // 5 TiB was the limit until S3's page raised it; 10 TiB is an upload S3 accepts.
    for (const size of ["5 TiB", "6 TiB", "10 TiB", "48.8 TiB", "48.828125 TiB", "50000 GiB", MAX_SIZE_TEXT])
      expect(issues(entry(size)), size).toEqual([]);
    for (const size of ["48.83 TiB", "50001 GiB", "53.7 TB", "49 TiB"])
      expect(issues(entry(size)), size).toContainEqual(expect.objectContaining({ rule: "files-max-size" }));
  });

  it("keeps a dataset's column names within 64 KiB", () => {
    const names = Array.from({ length: 300 }, (_, i) => `c${i}_${"x".repeat(250)}`);
    const found = issues(["files:", "  - formats: [csv]", `    columns: [${names.join(", ")}]`]);
    expect(found).toContainEqual(expect.objectContaining({ rule: "files-columns", line: 4, column: 1 }));
  });

  it("of a dataset without files: leaves the dataset as it was", () => {
    const { value } = validate([]);
    expect(value && "files" in value).toBe(false);
  });
});
