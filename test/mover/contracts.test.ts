import { createHash } from "node:crypto";
// The mover enforcing a dataset's contract before the copy (decision 0016), on the fake S3: what
// leaves, what is held and how, what it reads, and that read failures are failures, not holds.
import { describe, expect, it } from "vitest";
import type { DataContract } from "../../src/contracts";
import { afterMove, type Tried } from "../../src/delivery/afterMove";
import { datasetStatus } from "../../src/delivery/datasetStatus";
import { formatStatus } from "../../src/delivery/formatStatus";
import { noticeOf } from "../../src/delivery/notice";
import { parseEventLines } from "../../src/delivery/parseEvent";
import { terminalLine } from "../../src/local/localMover";
import { HELD_TAG } from "../../src/mover/deliveryMark";
import { MoveError } from "../../src/mover/errors";
import { moveObject, moveObjects, type DatasetRoute } from "../../src/mover/moveObject";
import { sweep } from "../../src/mover/sweep";
import { csvFile, flatParquet, xlsxWorkbook } from "../contracts/exampleFiles";
import { FakeS3, s3Error } from "./fakeS3";
import { ENGINE_OPTIONS as OPTIONS, EXPORT } from "./movedAndKept";

const CONTRACT: DataContract = [
  { prefix: "people/", formats: ["csv", "parquet"], maxBytes: 1024 * 1024, columns: ["id", "full_name", "dob"] },
];
const route = (name: string, keepFiles = false): DatasetRoute => ({
  name,
  targetBucket: `${name}-target`,
  keepFiles,
  roleArn: `arn:aws:iam::123456789012:role/service-role/export_${name}-move`,
  contract: CONTRACT,
  noticeTopicArn: `arn:aws:sns:eu-west-1:123456789012:data-exports-notify-${name}`,
});
const ROUTES = new Map([
  ["ds", route("ds")],
  ["kept", route("kept", true)],
]);
const GOOD = Buffer.from(csvFile(["dob", "id", "full_name"], [["2001-01-01", "1", "Ana"]]));
const EXTRA = Buffer.from(csvFile(["id", "full_name", "dob", "nhs_number"], [["1", "Ana", "2001-01-01", "9"]]));

function setup(versioned = true) {
  const s3 = new FakeS3().bucket(EXPORT, versioned).bucket("ds-target").bucket("kept-target");
  const client = s3.client();
  const move = (key: string, versionId?: string) =>
    moveObject({ bucket: EXPORT, key, ...(versionId ? { versionId } : {}) }, ROUTES, () => client, OPTIONS);
  return { s3, client, move };
}

describe("a dataset with a contract: checked before the copy", () => {
  it.each([
    ["CSV", "ds/people/a.csv", GOOD],
    ["Parquet", "ds/people/a.parquet", Buffer.from(flatParquet(["full_name", "dob"], 50, 10))],
  ])(
    "delivers a conforming %s byte-exact, having checked it only by ranges of the exact version",
    async (_, key, body) => {
      const { s3, move } = setup();
      const v = s3.put(EXPORT, key, body);
      const result = await move(key, v.id);
      expect(result).toMatchObject({ outcome: "moved" });
      expect(s3.current("ds-target", key)?.body.equals(body)).toBe(true);
      const reads = s3.requests.filter((r) => r.command === "GetObject");
      // Only the check's ranged reads of the exact version: a file no larger than the probe is
      // written from the bytes they read, and its SHA-256 (the ledger's) taken from them.
      expect(reads.length).toBeGreaterThan(0);
      for (const { input } of reads)
        expect(input).toMatchObject({
          VersionId: v.id,
          IfMatch: v.eTag,
          Range: expect.stringMatching(/^bytes=\d+-\d+$/),
        });
      expect(result.sha256).toBe(createHash("sha256").update(body).digest("hex"));
    },
  );

  it("holds a file with an extra column: not copied, its version tagged, its other tags kept, the column named", async () => {
    const { s3, move } = setup();
    const v = s3.put(EXPORT, "ds/people/a.csv", EXTRA, { tags: { owner: "team" } });
    const result = await move("ds/people/a.csv", v.id);
    expect(result).toMatchObject({
      outcome: "held",
      code: "extra-column",
      reason: "the column `nhs_number` is not in the contract",
      fix: "remove `nhs_number` (or ask for the contract to list it), then upload the file again under the same key",
    });
    expect(s3.keys("ds-target")).toEqual([]);
    expect(s3.current(EXPORT, "ds/people/a.csv")?.tags).toEqual({ owner: "team", [HELD_TAG]: "extra-column" });
    expect(s3.calls).not.toContain("CopyObject");
  });

  it("delivers the fixed file uploaded again under the same key (a new, untagged version), retiring the held one", async () => {
    const { s3, move } = setup();
    const held = s3.put(EXPORT, "ds/people/a.csv", EXTRA);
    expect(await move("ds/people/a.csv", held.id)).toMatchObject({ outcome: "held" });
    const fixed = s3.put(EXPORT, "ds/people/a.csv", GOOD);
    expect(await move("ds/people/a.csv", fixed.id)).toMatchObject({ outcome: "moved" });
    expect(s3.current("ds-target", "ds/people/a.csv")?.body.equals(GOOD)).toBe(true);
    expect(s3.keys(EXPORT)).toEqual([]);
  });

  it("holds a workbook renamed .csv, saying what it is", async () => {
    const { s3, move } = setup();
    s3.put(EXPORT, "ds/people/extract.csv", Buffer.from(xlsxWorkbook()));
    expect(await move("ds/people/extract.csv")).toMatchObject({
      outcome: "held",
      code: "other-format",
      reason: expect.stringMatching(/^this is an Excel workbook \(xlsx\).*; allowed: csv, parquet$/),
    });
  });

  it("holds what needs no read without reading it: a key no entry covers, a file too large", async () => {
    const { s3, move } = setup();
    s3.put(EXPORT, "ds/other/x.csv", GOOD);
    s3.put(EXPORT, "ds/people/big.csv", Buffer.alloc(2 * 1024 * 1024, 65));
    expect(await move("ds/other/x.csv")).toMatchObject({ outcome: "held", code: "no-entry" });
    expect(await move("ds/people/big.csv")).toMatchObject({ outcome: "held", code: "too-large" });
    expect(s3.calls).not.toContain("GetObject");
  });

  it("holds a kept dataset's file on its exact version, and does not mark it delivered", async () => {
    const { s3, move } = setup();
    const v = s3.put(EXPORT, "kept/people/a.csv", EXTRA);
    expect(await move("kept/people/a.csv", v.id)).toMatchObject({ outcome: "held" });
    expect(v.tags).toEqual({ [HELD_TAG]: "extra-column" });
    const tagging = s3.requests.find((r) => r.command === "PutObjectTagging");
    expect(tagging?.input).toMatchObject({ VersionId: v.id });
  });

  it("holds, unmarked, a file that already carries S3's 10 tags, and says so", async () => {
    const { s3, move } = setup();
    const tags = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`t${i}`, "v"]));
    s3.put(EXPORT, "ds/people/a.csv", EXTRA, { tags });
    const result = await move("ds/people/a.csv");
    expect(result).toMatchObject({ outcome: "held", code: "extra-column" });
    expect(result.reason).toContain("it carries 10 tags, S3's limit per object, so the hold could not be tagged on it");
    expect(s3.current(EXPORT, "ds/people/a.csv")?.tags).toEqual(tags);
  });

  it.each([
    ["AccessDenied", 403],
    ["SlowDown", 503],
    ["InternalError", 500],
  ])("fails the move (retried), never holds it, when a check's read fails with %s", async (code, status) => {
    const { s3, move } = setup();
    s3.put(EXPORT, "ds/people/a.csv", GOOD);
    s3.faults = (command) => (command === "GetObject" ? { when: "before", error: s3Error(code, status) } : undefined);
    const error = await move("ds/people/a.csv").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MoveError);
    expect(error).toMatchObject({ code, step: "check" });
    expect(s3.calls).not.toContain("PutObjectTagging");
  });

  it("calls an unversioned object written again while it was read superseded (412), not held", async () => {
    const { s3, move } = setup(false);
    s3.put(EXPORT, "ds/people/a.csv", GOOD);
    s3.faults = (command) =>
      command === "GetObject" ? { when: "before", error: s3Error("PreconditionFailed", 412) } : undefined;
    expect(await move("ds/people/a.csv")).toMatchObject({ outcome: "superseded" });
    expect(s3.calls).not.toContain("PutObjectTagging");
  });
});

describe("after a hold: told to the requester, not retried, no page", () => {
  it("is final (done), counted as HeldObjects, an info line, and a notice with the message and the fix", async () => {
    const { s3, client } = setup();
    s3.put(EXPORT, "ds/people/a.csv", EXTRA);
    const tried: Tried[] = [{ event: { bucket: EXPORT, key: "ds/people/a.csv", size: EXTRA.length }, attempt: 1 }];
    const results = await moveObjects(
      tried.map((t) => t.event),
      ROUTES,
      () => client,
      OPTIONS,
    );
    const lines: { level: string; message: string }[] = [];
    const metrics: Record<string, number> = {};
    const notices: { topic: string; message: string; subject: string }[] = [];
    const [handled] = await afterMove(tried, results, {
      routes: ROUTES,
      maxAttempts: 5,
      log: {
        info: (message) => lines.push({ level: "info", message }),
        error: (message) => lines.push({ level: "error", message }),
      },
      metrics: { addMetric: (name, _, value) => void (metrics[name] = (metrics[name] ?? 0) + value) },
      publish: async (topic, notice) => void notices.push({ topic, ...notice }),
    });
    expect(handled?.verdict).toBe("done");
    expect(handled?.delivery).toMatchObject({
      outcome: "held",
      actor: "requester",
      code: "extra-column",
      reason: "held back, not delivered: the column `nhs_number` is not in the contract",
      action: "remove `nhs_number` (or ask for the contract to list it), then upload the file again under the same key",
    });
    expect(lines.map((l) => l.level)).toEqual(["info"]);
    expect(metrics).toMatchObject({ Objects: 1, HeldObjects: 1 });
    expect(metrics.Failures).toBeUndefined();
    expect(notices).toHaveLength(1);
    expect(notices[0]?.subject).toBe("data-exports: ds: a file was held back: it breaks the contract");
    expect(notices[0]?.message).toContain(
      "Why:    held back, not delivered: the column `nhs_number` is not in the contract",
    );
    expect(notices[0]?.message).toContain("To do, by you: remove `nhs_number`");
    // The local platform's terminal says the same.
    expect(terminalLine(handled as NonNullable<typeof handled>, EXPORT)).toBe(
      `held (extra-column): s3://${EXPORT}/ds/people/a.csv: held back, not delivered: the column \`nhs_number\` is not in the contract. To do: remove \`nhs_number\` (or ask for the contract to list it), then upload the file again under the same key`,
    );
    // exports status shows it, with the fix, apart from the failures.
    const delivery = handled?.delivery as NonNullable<typeof handled>["delivery"];
    // Read back from the event log as `exports status` reads it (locally, and from Logs Insights).
    expect(parseEventLines(`${JSON.stringify(delivery)}\n`)).toEqual({ events: [delivery], skipped: 0 });
    const status = datasetStatus([delivery], "ds", new Date(0));
    expect(status.held.map((e) => e.key)).toEqual(["ds/people/a.csv"]);
    expect(status.notDelivered).toEqual([]);
    const text = formatStatus(status, "text");
    expect(text).toContain("0 delivered, 0 not delivered yet, 1 held back.");
    expect(text).toContain("    to do, by you: remove `nhs_number`");
    // A re-send of a held object is logged, never mailed again.
    expect(noticeOf({ ...delivery, resent: true })).toBeUndefined();
  });
});

describe("the sweep and held files", () => {
  const NOW = new Date("2026-12-07T12:00:00Z");
  const SWEEP = { exportBucket: EXPORT, requeueAfterMs: 15 * 60_000, alarmAfterMs: 60 * 60_000, now: NOW };

  it("neither re-sends nor counts as leftovers versions held back; re-sends the rest, and a re-upload", async () => {
    const { s3, client, move } = setup();
    s3.clock = () => new Date(NOW.getTime() - 90 * 60_000);
    s3.put(EXPORT, "ds/people/held.csv", EXTRA);
    s3.put(EXPORT, "kept/people/held.csv", EXTRA);
    await move("ds/people/held.csv");
    await move("kept/people/held.csv");
    s3.put(EXPORT, "ds/people/lost-event.csv", GOOD);
    const found = await sweep(client, ROUTES, SWEEP);
    expect(found.held.sort()).toEqual(["ds/people/held.csv", "kept/people/held.csv"]);
    expect(found.requeue.map((e) => e.key)).toEqual(["ds/people/lost-event.csv"]);
    expect(found.leftovers).toBe(1);
    // Uploaded again: the new current version has no tag, so the sweep sends it if its event is lost.
    s3.put(EXPORT, "ds/people/held.csv", GOOD);
    expect((await sweep(client, ROUTES, SWEEP)).requeue.map((e) => e.key)).toContain("ds/people/held.csv");
  });

  it("re-sends to be checked again, without counting it a leftover, a held file that had no room for the tag", async () => {
    const { s3, client, move } = setup();
    s3.clock = () => new Date(NOW.getTime() - 90 * 60_000);
    const tags = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`t${i}`, "v"]));
    s3.put(EXPORT, "ds/people/full.csv", EXTRA, { tags });
    await move("ds/people/full.csv");
    const found = await sweep(client, ROUTES, SWEEP);
    expect(found.requeue.map((e) => e.key)).toEqual(["ds/people/full.csv"]);
    expect(found.leftovers).toBe(0);
    expect(found.unrecordable).toEqual([]);
  });
});
