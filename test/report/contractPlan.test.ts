import { describe, expect, it } from "vitest";
import { buildPlan } from "../../src/plan/plan";
import { compareAccess } from "../../src/report/changes";
import { datasetAccess } from "../../src/report/datasetAccess";
import { formatPlan } from "../../src/report/formatPlan";
import { configOf } from "../synth";

const dataset = (files: string) => `name: people\nbucket: people-inbound\nusers:\n  - alpha_user_ana\n${files}`;
const planOf = (files: string) =>
  buildPlan(configOf([{ kind: "push", path: "push_datasets/people.yaml", text: dataset(files) }])).value;
const reportOf = (files: string, base?: string) => ({
  changes: compareAccess(datasetAccess(planOf(files)), base === undefined ? undefined : datasetAccess(planOf(base))),
  ...(base === undefined ? {} : { base: "main" }),
});

const CONTRACT = [
  "files:",
  "  - prefix: extract/",
  "    formats: [csv, parquet]",
  "    max_size: 500 MB",
  "    columns: [id, age_band]",
  "",
].join("\n");
const PEOPLE = "s3://mojap-hub-exports/people/";

describe("the plan says what may leave a dataset with a contract", () => {
  const report = reportOf(CONTRACT);

  it.each(["text", "markdown"] as const)(
    "in %s: the folder, formats, size and exact columns, in plain words",
    (format) => {
      const out = formatPlan(report, format);
      expect(out).toContain(
        `only these files leave ${PEOPLE}extract/: CSV or Parquet, at most 500 MB each, with exactly these columns (any order, case-sensitive): id, age_band. A Parquet struct, list or map column is one name: everything inside it leaves whole`,
      );
      expect(out).toContain(`a file under ${PEOPLE} but outside extract/ is held, not sent`);
      expect(out).toContain("is held in the export bucket, not sent, and its uploader is told what to change");
    },
  );

  it("in JSON: the contract entry by entry, sizes in bytes", () => {
    const json = JSON.parse(formatPlan(report, "json")) as { datasets: { name: string; contract?: unknown }[] };
    expect(json.datasets[0]?.contract).toEqual([
      { prefix: "extract/", formats: ["csv", "parquet"], maxBytes: 500_000_000, columns: ["id", "age_band"] },
    ]);
  });

  it("says nothing new for a dataset without files:", () => {
    const [quiet] = datasetAccess(planOf(""));
    expect(quiet?.lines.join("\n")).not.toMatch(/leave|held|contract/);
    expect(quiet?.where).not.toHaveProperty("contract");
  });
});

describe("column names are data wherever the plan shows them", () => {
  const hostile = ["a|b", "*bold*", "`tick`", "<script>alert(1)</script>", "[x](https://evil.example)", "a, b"];
  const files = `files:\n  - formats: [csv]\n    columns:\n${hostile.map((c) => `      - ${JSON.stringify(c)}`).join("\n")}\n`;
  const report = reportOf(files);

  it("in Markdown: inside the diff's code block, whose fence no name can close", () => {
    const out = formatPlan(report, "markdown");
    const line = out.split("\n").find((l) => l.includes("only these files leave")) ?? "";
    expect(line).toContain('a|b, *bold*, `tick`, <script>alert(1)</script>, [x](https://evil.example), "a, b"');
    const before = out.slice(0, out.indexOf(line)).split("\n");
    const fence = before.findLast((l) => /^`{3,}/.test(l)) ?? "";
    expect(fence).toMatch(/^`{3,}diff$/);
    const after = out.slice(out.indexOf(line)).split("\n");
    expect(after.findIndex((l) => l === fence.replace("diff", ""))).toBeGreaterThan(0);
  });

  it("in text and JSON: as written (a name with a comma quoted, so the list stays readable)", () => {
    expect(formatPlan(report, "text")).toContain('<script>alert(1)</script>, [x](https://evil.example), "a, b"');
    const json = JSON.parse(formatPlan(report, "json")) as { datasets: { contract?: { columns: string[] }[] }[] };
    expect(json.datasets[0]?.contract?.[0]?.columns).toEqual(hostile);
  });
});

describe("the plan against a base says what a change does to a contract", () => {
  it("names a column added first, then one removed", () => {
    const wider = CONTRACT.replace("[id, age_band]", "[id, full_name]");
    const [change] = reportOf(wider, CONTRACT).changes;
    expect(change?.change).toBe("changed");
    expect(change?.added.slice(0, 2)).toEqual([
      `the column full_name may now leave ${PEOPLE}extract/ (added to the contract)`,
      `the column age_band may no longer leave ${PEOPLE}extract/`,
    ]);
    const text = formatPlan(reportOf(wider, CONTRACT), "text");
    expect(text).toContain(`  + the column full_name may now leave ${PEOPLE}extract/ (added to the contract)`);
    expect(formatPlan(reportOf(wider, CONTRACT), "markdown")).toContain("+ the column full_name may now leave");
  });

  it("says when a contract is added or removed", () => {
    expect(reportOf(CONTRACT, "").changes[0]?.added[0]).toBe(
      `a data contract is added: only the files it describes will leave ${PEOPLE}`,
    );
    const removed = reportOf("", CONTRACT).changes[0];
    expect(removed?.added[0]).toBe(`the data contract is removed: any file written under ${PEOPLE} will leave`);
    expect(removed?.removed.join("\n")).toContain("only these files leave");
  });

  it("shows nothing for a dataset whose contract is unchanged", () => {
    expect(reportOf(CONTRACT, CONTRACT).changes[0]?.change).toBe("unchanged");
  });
});
