import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { DataContract } from "../../src/contracts";
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
const CONTRACT: DataContract = [{ prefix: "", formats: ["csv"], maxBytes: 1024, columns: ["id"] }];
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

  it("removes a seal that finds its folder empty, so files uploaded after it never complete the batch with a partial manifest", async () => {
    const { s3, ledger, deps } = setUp();
    s3.put(EXPORT, "ds/b1/_seal", "");
    expect(await checkBatch("ds/b1/", new Set(), deps)).toMatchObject({ state: "empty" });
    expect(s3.current(EXPORT, "ds/b1/_seal")).toBeUndefined();
    // The requester then uploads three files; the first to arrive must not close the batch alone.
    await ledger.append([deliveredRecord("ds", "ds/b1/f1.csv", 1, sha("1"))]);
    s3.put(EXPORT, "ds/b1/f2.csv", "22");
    s3.put(EXPORT, "ds/b1/f3.csv", "333");
    expect(await checkBatch("ds/b1/", new Set(), deps)).toMatchObject({ state: "unsealed" });
    expect(s3.calls).not.toContain("PutObject");
  });

  it("removes a seal whose list is empty (exports seal lists no file), which no upload could complete", async () => {
    const { s3, deps } = setUp();
    s3.put(EXPORT, "ds/b1/_seal", JSON.stringify({ files: [] }));
    s3.put(EXPORT, "ds/b1/late.csv", "x");
    expect(await checkBatch("ds/b1/", new Set(), deps)).toMatchObject({ state: "empty" });
    expect(s3.current(EXPORT, "ds/b1/_seal")).toBeUndefined();
  });

  it("is held, naming the file, by a file its dataset's contract holds back (tagged data-exports-held), read on the seal's check", async () => {
    const { s3, ledger, deps } = setUp();
    const contracted = new Map([["ds", { ...route, contract: CONTRACT }]]);
    const withContract = { ...deps, routes: contracted };
    s3.put(EXPORT, "ds/b1/_seal", "");
    await ledger.append([deliveredRecord("ds", "ds/b1/a.csv", 1, sha("a"))]);
    s3.put(EXPORT, "ds/b1/b.csv", "id,extra", { tags: { "data-exports-held": "extra-column" } });
    s3.put(EXPORT, "ds/b1/c.csv", "id");
    // A delivery's check reads no tags: the file may still be on its way.
    expect(await checkBatch("ds/b1/", new Set(), withContract)).toMatchObject({ state: "waiting" });
    expect(s3.calls).not.toContain("GetObjectTagging");
    const held = await checkBatch("ds/b1/", new Set(), withContract, { readHolds: true });
    expect(held).toMatchObject({ state: "held", key: "ds/b1/b.csv" });
    expect(held.state === "held" && held.why).toContain("breaks the dataset's contract");
    // Known from the try that held it, without reading tags.
    expect(await checkBatch("ds/b1/", new Set(), withContract, { held: new Set(["ds/b1/b.csv"]) })).toMatchObject({
      state: "held",
      key: "ds/b1/b.csv",
    });
    expect(s3.calls).not.toContain("PutObject");
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
  /** The post-move loop's settings with a notice topic on the dataset; its notices land in `published`. */
  const noticed = (deps: BatchDeps, dataset: DatasetRoute, published: string[]) => ({
    routes: new Map([["ds", dataset]]),
    maxAttempts: 5,
    log: { info: () => undefined, error: () => undefined },
    metrics: { addMetric: () => undefined },
    publish: async (_: string, notice: { message: string }) => void published.push(notice.message),
    custody: { ...deps, routes: new Map([["ds", dataset]]) },
  });

  it("checks a seal on its own event, and tells a held batch once, naming the file", async () => {
    const { s3, deps } = setUp();
    s3.put(EXPORT, "ds/b1/_seal", JSON.stringify({ files: [{ key: "never.csv" }] }));
    const published: string[] = [];
    const notify = { ...route, noticeTopicArn: "arn:aws:sns:eu-west-1:123456789012:t" };
    const after = noticed(deps, notify, published);
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

  it("tells the requester which file holds a sealed batch up when its dataset's contract holds that file back", async () => {
    const { s3, deps } = setUp();
    const contracted = { ...route, contract: CONTRACT, noticeTopicArn: "arn:aws:sns:eu-west-1:123456789012:t" };
    const published: string[] = [];
    const after = noticed(deps, contracted, published);
    // Held before the seal: the seal's check reads the hold's tag.
    s3.put(EXPORT, "ds/b1/bad.csv", "id,extra", { tags: { "data-exports-held": "extra-column" } });
    s3.put(EXPORT, "ds/b1/_seal", "");
    const sealed = await afterMove(
      [tried("ds/b1/_seal")],
      [{ outcome: "sealed", key: "ds/b1/_seal", dataset: "ds" }],
      after,
    );
    expect(sealed[0]?.batches?.[0]).toMatchObject({ outcome: "batch-held", actor: "requester" });
    expect(sealed[0]?.batches?.[0]?.reason).toContain("the file ds/b1/bad.csv holds the sealed batch up");
    expect(published.filter((m) => m.includes("ds/b1/bad.csv holds the sealed batch up"))).toHaveLength(1);

    // Held after the seal: the try that held it checks the batch, and the requester is told.
    s3.put(EXPORT, "ds/b2/_seal", "");
    s3.put(EXPORT, "ds/b2/late.csv", "id,extra", { tags: { "data-exports-held": "extra-column" } });
    const held: MoveResult = {
      outcome: "held",
      key: "ds/b2/late.csv",
      dataset: "ds",
      code: "extra-column",
      reason: "the column `extra` is not in the contract",
      fix: "remove `extra`",
    };
    const late = await afterMove([tried("ds/b2/late.csv")], [held], after);
    expect(late[0]?.batches?.[0]).toMatchObject({ outcome: "batch-held", key: "ds/b2/" });
    expect(published.filter((m) => m.includes("ds/b2/late.csv holds the sealed batch up"))).toHaveLength(1);
  });

  it("tells the requester once that a seal over nothing was removed, without blaming a file", async () => {
    const { s3, deps } = setUp();
    const published: string[] = [];
    const notify = { ...route, noticeTopicArn: "arn:aws:sns:eu-west-1:123456789012:t" };
    const after = noticed(deps, notify, published);
    s3.put(EXPORT, "ds/b1/_seal", "");
    const handled = await afterMove(
      [tried("ds/b1/_seal")],
      [{ outcome: "sealed", key: "ds/b1/_seal", dataset: "ds" }],
      after,
    );
    expect(handled[0]?.batches?.[0]).toMatchObject({ outcome: "batch-held", key: "ds/b1/", actor: "requester" });
    expect(published).toHaveLength(1);
    expect(published[0]).toContain("expects no file");
    expect(published[0]).toContain("upload the batch's files under ds/b1/ first, then seal it again");
    expect(published[0]).not.toContain("a file holds it up");
  });
});
