import { createServer } from "node:net";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { statusCommand, type StatusOptions } from "../../src/cli/status/command";
import type { DeliveryRecord } from "../../src/custody/record";
import { csvCell, csvRow } from "../../src/delivery/csv";
import { formatHistory } from "../../src/delivery/formatHistory";
import { historyRange } from "../../src/delivery/historyRange";
import { MemoryLedger } from "../custody/memoryLedger";
import { REPO } from "../synth";

const D = "court_listings_weekly";
const NOW = new Date("2026-12-07T12:00:00Z");

/** Keys an uploader may choose: commas, quotes, line breaks, a formula, controls and a bidi override. */
const HOSTILE = [
  `${D}/a,b.csv`,
  `${D}/say "hi".csv`,
  `${D}/two\nlines.csv`,
  "=cmd|' /C calc'!A0",
  `${D}/\u001b[31mred\u001b[0m\r.csv`,
  `${D}/\u202Evsc.exe`,
];

function record(key: string, at: string, extra: Partial<DeliveryRecord> = {}): DeliveryRecord {
  return {
    format: "data-exports/delivery/1",
    recordedAt: at,
    dataset: D,
    outcome: "delivered",
    source: {
      bucket: "mojap-hub-exports",
      key,
      versionId: "v1",
      size: 12,
      sha256: "ab".repeat(32),
      uploadedBy: "AWS:AROAEXAMPLE:alpha_user_ana",
      uploadedAt: at,
    },
    datasetFile: { path: `push_datasets/${D}.yaml`, commit: "0123456789abcdef0123456789abcdef01234567" },
    target: { bucket: "court-listings-target", key, versionId: "t1", arrivedAt: at },
    ...extra,
  };
}

const RANGE = { from: new Date("2026-12-01T00:00:00Z"), to: new Date("2026-12-08T00:00:00Z") };
const RECORDS = HOSTILE.map((key, i) => record(key, `2026-12-0${i + 1}T10:00:00.000Z`));

describe("csvCell", () => {
  it.each([
    ["plain", "plain"],
    ["a,b", '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ["two\nlines", '"two\nlines"'],
    ["cr\r", '"cr\r"'],
    ["=1+1", "'=1+1"],
    ["+1", "'+1"],
    ["-1", "'-1"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["\t=1", "'\t=1"],
    ['=HYPERLINK("http://x","y")', `"'=HYPERLINK(""http://x"",""y"")"`],
    ["", ""],
  ])("%j → %j", (value, cell) => expect(csvCell(value)).toBe(cell));

  it("writes numbers as they are and an absent value as an empty cell", () => {
    expect(csvRow([12, undefined, "x"])).toBe("12,,x\r\n");
  });
});

describe("formatHistory", () => {
  it("csv: one row a record, read back intact by a CSV parser, no cell starting a formula", () => {
    const csv = formatHistory(D, RANGE, RECORDS, "csv");
    const rows = parse<Record<string, string>>(csv, { columns: true });
    expect(rows).toHaveLength(HOSTILE.length);
    expect(rows.map((r) => r.source_key)).toEqual(HOSTILE.map((k) => (k.startsWith("=") ? `'${k}` : k)));
    expect(rows[0]).toMatchObject({
      recorded_at: "2026-12-01T10:00:00.000Z",
      dataset: D,
      outcome: "delivered",
      size: "12",
      sha256: "ab".repeat(32),
      uploaded_by: "AWS:AROAEXAMPLE:alpha_user_ana",
      target_bucket: "court-listings-target",
      dataset_file: `push_datasets/${D}.yaml`,
      dataset_file_commit: "0123456789abcdef0123456789abcdef01234567",
    });
    for (const row of rows) for (const cell of Object.values(row)) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });

  it("text: no control or reordering character of a key reaches the terminal", () => {
    const text = formatHistory(D, RANGE, RECORDS, "text");
    expect([...text].filter((c) => c !== "\n" && /[\p{Cc}\p{Cf}]/u.test(c))).toEqual([]);
    expect(text).toContain("two<U+000A>lines.csv");
    expect(text).toContain("<U+001B>[31mred<U+001B>[0m<U+000D>.csv");
    expect(text).toContain("<U+202E>vsc.exe");
    expect(text).toContain(
      `Dataset ${D}, from 2026-12-01 00:00:00 UTC to 2026-12-08 00:00:00 UTC: 6 records (6 delivered).`,
    );
    expect(text).toContain(`sha256 ${"ab".repeat(32)}; version v1; uploaded by AWS:AROAEXAMPLE:alpha_user_ana`);
    expect(text).toContain("under push_datasets/court_listings_weekly.yaml at commit 0123456789abcdef");
  });

  it("text: a failure names its code and no arrival", () => {
    const failed = record(`${D}/f.csv`, "2026-12-02T10:00:00.000Z", { outcome: "retrying", code: "AccessDenied" });
    const { target, ...noTarget } = failed;
    expect(target).toBeDefined();
    const text = formatHistory(D, RANGE, [noTarget], "text");
    expect(text).toContain(`retrying (AccessDenied)  ${D}/f.csv (12 bytes)`);
    expect(text).not.toContain(" to s3://");
  });

  it("json: the records as the ledger holds them, with the period", () => {
    const json = JSON.parse(formatHistory(D, RANGE, RECORDS, "json")) as { records: unknown; from: string };
    expect(json).toEqual({ dataset: D, from: RANGE.from.toISOString(), to: RANGE.to.toISOString(), records: RECORDS });
  });
});

describe("historyRange", () => {
  it.each([
    ["2026-12-01", "2026-12-07", "2026-12-01T00:00:00.000Z", "2026-12-08T00:00:00.000Z"],
    ["2026-12-01T09:30:00Z", "2026-12-01T11:00:00+01:00", "2026-12-01T09:30:00.000Z", "2026-12-01T10:00:00.000Z"],
    ["2026-12-01", undefined, "2026-12-01T00:00:00.000Z", NOW.toISOString()],
  ])("--from %s --to %s is %s to %s", (from, to, start, end) => {
    const range = historyRange(from, to, NOW);
    if ("error" in range) {
      expect(range.error).toBe("");
      return;
    }
    expect([range.from.toISOString(), range.to.toISOString()]).toEqual([start, end]);
  });

  it.each([
    [undefined, undefined, /^--history needs --from/],
    ["yesterday", undefined, /^--from must be a date, 2026-12-01 .*; found "yesterday"$/],
    ["2026-02-30", undefined, /^--from must be .*found "2026-02-30"$/],
    ["2026-12-01T09:00:00", undefined, /^--from must be .*found "2026-12-01T09:00:00"$/],
    ["2026-12-01", "12/07/2026", /^--to must be .*found "12\/07\/2026"$/],
    ["2026-12-07", "2026-12-01", /^--to must come after --from/],
  ])("refuses --from %j --to %j, saying what to give", (from, to, message) => {
    const range = historyRange(from, to, NOW);
    expect("error" in range && range.error).toMatch(message);
  });
});

describe("exports status <dataset> --history", () => {
  const base: StatusOptions = { root: REPO, since: "24h", format: "text", local: false, port: "7480", history: true };
  const run = async (options: Partial<StatusOptions>, ledger = new MemoryLedger()) => {
    const o = { stdout: "", stderr: "" };
    const out = { stdout: (t: string) => void (o.stdout += t), stderr: (t: string) => void (o.stderr += t) };
    const code = await statusCommand(D, { ...base, ...options }, out, { ledger, now: NOW });
    return { code, ...o };
  };

  it("prints the records of the period only, oldest first, in the format asked", async () => {
    const ledger = new MemoryLedger();
    await ledger.append([
      record(`${D}/late.csv`, "2026-12-08T00:00:00.000Z"),
      record(`${D}/b.csv`, "2026-12-03T10:00:00.000Z"),
      record(`${D}/early.csv`, "2026-11-30T23:59:59.999Z"),
      record(`${D}/a.csv`, "2026-12-01T00:00:00.000Z"),
      { ...record("other/x.csv", "2026-12-02T00:00:00.000Z"), dataset: "other" },
    ]);
    const csv = await run({ from: "2026-12-01", to: "2026-12-07", format: "csv" }, ledger);
    expect(csv.code).toBe(0);
    const rows = parse<Record<string, string>>(csv.stdout, { columns: true });
    expect(rows.map((r) => r.source_key)).toEqual([`${D}/a.csv`, `${D}/b.csv`]);
    const json = await run({ from: "2026-12-01", to: "2026-12-07", format: "json" }, ledger);
    expect((JSON.parse(json.stdout) as { records: unknown[] }).records).toHaveLength(2);
    const text = await run({ from: "2026-12-01", to: "2026-12-07" }, ledger);
    expect(text.stdout).toMatch(/: 2 records \(2 delivered\)\./);
  });

  it.each([
    [{ from: "2026-13-01" }, 2, /--from must be .*found "2026-13-01"/],
    [{ history: false, from: "2026-12-01" }, 2, /--from go with --history/],
    [{ history: false, format: "csv" as const }, 2, /--format csv go with --history/],
  ])("refuses %j with exit %i and a message that says the fix", async (options, code, message) => {
    const result = await run(options);
    expect(result.code).toBe(code);
    expect(result.stderr).toMatch(message);
    expect(result.stdout).toBe("");
  });

  it("says, when the ledger cannot be read, why it cannot answer (exit 1), rather than print an empty history", async () => {
    const o = { stdout: "", stderr: "" };
    const out = { stdout: (t: string) => void (o.stdout += t), stderr: (t: string) => void (o.stderr += t) };
    // The local platform's ledger, on a port where no engine listens: the S3 ledger is opened and its read refused.
    const closed = String(await closedPort());
    const code = await statusCommand(D, { ...base, local: true, port: closed, from: "2026-12-01" }, out, { now: NOW });
    expect(code).toBe(1);
    expect(o.stderr).toMatch(/^exports status: could not read the delivery ledger s3:\/\/mojap-hub-exports-ledger: /);
    // What to do: nothing answers there, so start the platform on that port.
    expect(o.stderr).toContain(`nothing answers at http://127.0.0.1:${closed} (ECONNREFUSED)`);
    expect(o.stderr).toContain(`npm start -- --port ${closed}`);
    expect(o.stdout).toBe("");
  }, 60_000);
});

/** A port nothing listens on: one the system gave a server, which is then closed. */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
