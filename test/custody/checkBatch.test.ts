import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { checkBatch, type BatchDeps } from "../../src/custody/checkBatch";
import { localSigner, readPublicKey, signatureHolds } from "../../src/custody/signer";
import { afterMove, type Tried } from "../../src/delivery/afterMove";
import type { DatasetRoute, MoveResult } from "../../src/mover/moveObject";
import { FakeS3 } from "../mover/fakeS3";
import { MemoryLedger, deliveredRecord } from "./memoryLedger";

const EXPORT = "mojap-hub-exports";
const TARGET = "ds-target";
const route: DatasetRoute = {
  name: "ds",
  targetBucket: TARGET,
  keepFiles: false,
  roleArn: "arn:aws:iam::123456789012:role/service-role/export_ds-move",
  paperwork: ["DPIA-42"],
};
const routes = new Map([[route.name, route]]);
const sha = (text: string) => createHash("sha256").update(text).digest("hex");

function setUp() {
  const s3 = new FakeS3().bucket(EXPORT, true).bucket(TARGET);
  const ledger = new MemoryLedger();
  const client = s3.client();
  const deps: BatchDeps = { exportBucket: EXPORT, routes, s3For: () => client, ledger, signer: localSigner() };
  return { s3, ledger, deps };
}
const body = (s3: FakeS3, key: string) => s3.current(TARGET, key)?.body ?? Buffer.alloc(0);

describe("checking a sealed batch", () => {
  it("writes the signature, the key, then the manifest, last; removes the seal; and writes the same manifest when run again", async () => {
    const { s3, ledger, deps } = setUp();
    // One seal, read by two workers: the same write time each time it is read.
    s3.clock = () => new Date("2026-12-07T10:00:00Z");
    s3.put(EXPORT, "ds/b1/_seal", "");
    await ledger.append([deliveredRecord("ds", "ds/b1/a.csv", 1, sha("a"))]);
    const checked = await checkBatch("ds/b1/", new Set(), deps);
    expect(checked).toMatchObject({ state: "complete", files: 1, manifest: "s3://ds-target/ds/b1/_manifest.json" });
    const puts = s3.requests.filter((r) => r.command === "PutObject").map((r) => r.input.Key);
    expect(puts).toEqual(["ds/b1/_manifest.json.sig", "ds/b1/_data-exports-public-key.pem", "ds/b1/_manifest.json"]);
    expect(s3.requests.at(-1)).toMatchObject({ command: "DeleteObject", input: { Key: "ds/b1/_seal" } });
    expect(s3.requests.at(-1)?.input.VersionId).toBeDefined();
    const manifest = JSON.parse(body(s3, "ds/b1/_manifest.json").toString("utf8")) as Record<string, unknown>;
    expect(manifest).toMatchObject({ dataset: "ds", paperwork: ["DPIA-42"], batch: "b1", sealedBy: null });
    const key = readPublicKey(body(s3, "ds/b1/_data-exports-public-key.pem").toString("utf8"), "k").key;
    if (!key) throw new Error("no key");
    expect(signatureHolds(body(s3, "ds/b1/_manifest.json"), body(s3, "ds/b1/_manifest.json.sig"), key)).toBe(true);

    // Two workers may both find it complete: a repeat writes the same bytes, which the new signature verifies.
    const first = body(s3, "ds/b1/_manifest.json");
    s3.put(EXPORT, "ds/b1/_seal", "");
    await checkBatch("ds/b1/", new Set(), deps);
    expect(body(s3, "ds/b1/_manifest.json").equals(first)).toBe(true);
    expect(signatureHolds(first, body(s3, "ds/b1/_manifest.json.sig"), key)).toBe(true);
  });

  it("waits for a file still in the export bucket, writing nothing", async () => {
    const { s3, ledger, deps } = setUp();
    s3.put(EXPORT, "ds/b1/_seal", "");
    s3.put(EXPORT, "ds/b1/b.csv", "bb");
    await ledger.append([deliveredRecord("ds", "ds/b1/a.csv", 1, sha("a"))]);
    expect(await checkBatch("ds/b1/", new Set(), deps)).toMatchObject({ state: "waiting", keys: ["ds/b1/b.csv"] });
    expect(s3.calls).not.toContain("PutObject");
    expect(s3.current(EXPORT, "ds/b1/_seal")).toBeDefined();
  });

  it("has nothing to do where there is no seal", async () => {
    const { deps } = setUp();
    expect(await checkBatch("ds/b1/", new Set(), deps)).toMatchObject({ state: "unsealed" });
  });
});

describe("the post-move loop", () => {
  const tried = (key: string, attempt = 1): Tried => ({ event: { bucket: EXPORT, key }, attempt });
  const moved = (key: string): MoveResult => ({
    outcome: "moved",
    key,
    dataset: "ds",
    target: `s3://${TARGET}/${key}`,
  });

  it("checks a seal on its own event, and tells a held batch once, naming the file", async () => {
    const { s3, deps } = setUp();
    s3.put(EXPORT, "ds/b1/_seal", JSON.stringify({ files: [{ key: "never.csv" }] }));
    const published: string[] = [];
    const notify = { ...route, noticeTopicArn: "arn:aws:sns:eu-west-1:123456789012:t" };
    const after = {
      routes: new Map([["ds", notify]]),
      maxAttempts: 5,
      log: { info: () => undefined, error: () => undefined },
      metrics: { addMetric: () => undefined },
      publish: async (_: string, notice: { message: string }) => void published.push(notice.message),
      custody: deps,
    };
    const handled = await afterMove(
      [tried("ds/b1/_seal")],
      [{ outcome: "sealed", key: "ds/b1/_seal", dataset: "ds" }],
      after,
    );
    expect(handled[0]?.delivery.outcome).toBe("sealed");
    expect(handled[0]?.batches?.map((b) => b.outcome)).toEqual(["batch-held"]);
    expect(published).toHaveLength(1);
    expect(published[0]).toContain("the file ds/b1/never.csv holds the sealed batch up");

    // A delivery under the same held batch logs it again, without another notice.
    s3.put(EXPORT, "ds/b1/other.csv", "x");
    await afterMove([tried("ds/b1/other.csv")], [moved("ds/b1/other.csv")], after);
    expect(published.filter((m) => m.includes("holds the sealed batch up"))).toHaveLength(1);
  });
});
