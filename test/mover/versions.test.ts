import type { ListObjectVersionsCommandOutput } from "@aws-sdk/client-s3";
import { describe, expect, it } from "vitest";
import { moveObjects, type DatasetRoute, type MoverOptions } from "../../src/mover/moveObject";
import { MIB } from "../../src/mover/parts";
import { BATCH_PAGES, batchPageSize, longestCommonPrefix, markerBefore, settledByPage } from "../../src/mover/versions";
import { FakeS3, s3Error, type Profile } from "./fakeS3";
import { writesCopy } from "./movedAndKept";

const EXPORT = "mojap-hub-exports";
const OPTIONS: MoverOptions = { exportBucket: EXPORT, multipartThreshold: 8 * MIB, partSize: 5 * MIB, concurrency: 4 };
const route = (name: string, keepFiles = false): DatasetRoute => ({
  name,
  targetBucket: `${name}-target`,
  keepFiles,
  roleArn: `arn:aws:iam::123456789012:role/service-role/export_${name}-move`,
});
const ROUTES = new Map([
  ["ds", route("ds")],
  ["kept", route("kept", true)],
]);

describe("longestCommonPrefix", () => {
  it.each([
    { keys: ["ds/a.csv"], prefix: "ds/a.csv" },
    { keys: ["ds/batch/1.csv", "ds/batch/2.csv"], prefix: "ds/batch/" },
    { keys: ["ds/batch/10.csv", "ds/batch/11.csv"], prefix: "ds/batch/1" },
    { keys: ["ds/a.csv", "ds/a.csv"], prefix: "ds/a.csv" },
    { keys: ["ds/x", "ds/y/z"], prefix: "ds/" },
    { keys: ["ds/é.csv", "ds/e.csv"], prefix: "ds/" },
  ])("of $keys is $prefix", ({ keys, prefix }) => {
    expect(longestCommonPrefix(keys)).toBe(prefix);
  });
});

describe("settledByPage: what one page tells for sure", () => {
  const page = (o: Partial<ListObjectVersionsCommandOutput>) => o as ListObjectVersionsCommandOutput;

  it("settles every key when the page is the whole listing, a key it does not list as having no versions", () => {
    const settled = settledByPage(
      page({
        IsTruncated: false,
        Versions: [
          { Key: "ds/a", VersionId: "2", IsLatest: true, ETag: '"e2"', Size: 2 },
          { Key: "ds/a", VersionId: "1", IsLatest: false, ETag: '"e1"', Size: 1 },
          { Key: "ds/other", VersionId: "9", IsLatest: true },
        ],
      }),
      ["ds/a", "ds/gone"],
    );
    expect([...settled.keys()].sort()).toEqual(["ds/a", "ds/gone"]);
    expect(settled.get("ds/a")).toEqual({ current: { size: 2, eTag: '"e2"', versionId: "2" }, older: ["1"] });
    expect(settled.get("ds/gone")).toEqual({ older: [] });
  });

  it("leaves open the last key listed and any key not listed when more pages follow", () => {
    const settled = settledByPage(
      page({
        IsTruncated: true,
        NextKeyMarker: "ds/b",
        NextVersionIdMarker: "4",
        Versions: [
          { Key: "ds/a", VersionId: "3", IsLatest: true },
          { Key: "ds/b", VersionId: "5", IsLatest: true },
          { Key: "ds/b", VersionId: "4", IsLatest: false },
        ],
      }),
      ["ds/a", "ds/b", "ds/c"],
    );
    expect([...settled.keys()]).toEqual(["ds/a"]);
  });

  it("settles a key that a truncated page passes without listing it as having no versions", () => {
    const settled = settledByPage(
      page({
        IsTruncated: true,
        NextKeyMarker: "ds/c",
        NextVersionIdMarker: "7",
        Versions: [
          { Key: "ds/a", VersionId: "3", IsLatest: true },
          { Key: "ds/c", VersionId: "7", IsLatest: true },
        ],
      }),
      ["ds/a", "ds/b", "ds/c", "ds/d"],
    );
    expect(settled).toEqual(
      new Map([
        ["ds/a", { current: { size: 0, eTag: "", versionId: "3" }, older: [] }],
        ["ds/b", { older: [] }],
      ]),
    );
  });

  it("orders keys as S3 does (UTF-8 bytes) to find the last one listed", () => {
    // "\uFF21" sorts after "\u{1F600}" in JavaScript's UTF-16 order, before it in UTF-8 bytes.
    const settled = settledByPage(
      page({
        IsTruncated: true,
        Versions: [
          { Key: "ds/\uFF21", VersionId: "1", IsLatest: true },
          { Key: "ds/\u{1F600}", VersionId: "2", IsLatest: true },
        ],
      }),
      ["ds/\uFF21", "ds/\u{1F600}"],
    );
    expect([...settled.keys()]).toEqual(["ds/\uFF21"]);
  });

  it("gives a key whose latest entry is a delete marker no current version, and keeps its older ones", () => {
    const settled = settledByPage(
      page({
        IsTruncated: false,
        Versions: [{ Key: "ds/a", VersionId: "1", IsLatest: false }],
        DeleteMarkers: [{ Key: "ds/a", VersionId: "2", IsLatest: true }],
      }),
      ["ds/a"],
    );
    expect(settled.get("ds/a")).toEqual({ older: ["1"] });
  });
});

describe("markerBefore: where a batch listing starts", () => {
  it.each([
    { key: "ds/batch/part 0.csv", marker: "ds/batch/part 0.cs" },
    { key: "ds/\u{1F600}", marker: "ds/" },
    { key: "ds/é", marker: "ds/" },
  ])("of $key is $marker, before it in S3's order", ({ key, marker }) => {
    expect(markerBefore(key)).toBe(marker);
    expect(Buffer.compare(Buffer.from(marker), Buffer.from(key))).toBe(-1);
  });
});

describe.each<{ profile: Profile }>([{ profile: "engine" }, { profile: "aws" }])(
  "versions listed per batch ($profile profile)",
  ({ profile }) => {
    const options: MoverOptions = profile === "aws" ? OPTIONS : { ...OPTIONS, verification: "engine-etag" };
    function setup() {
      const s3 = new FakeS3(profile).bucket(EXPORT, true).bucket("ds-target").bucket("kept-target");
      s3.versionsPerPage = 1000;
      return { s3, client: s3.client() };
    }
    const events = (s3: FakeS3, keys: string[]) =>
      keys.map((key) => ({ bucket: EXPORT, key, versionId: s3.put(EXPORT, key, `body of ${key}`).id }));

    it("answers a batch of 10 under one folder with one listing under their common prefix", async () => {
      const { s3, client } = setup();
      const batch = events(
        s3,
        Array.from({ length: 10 }, (_, i) => `ds/2026-11-25/part ${i}.csv`),
      );
      const results = await moveObjects(batch, ROUTES, () => client, options);
      expect(results.map((r) => "outcome" in r && r.outcome)).toEqual(Array(10).fill("moved"));
      const listings = s3.requests.filter((r) => r.command === "ListObjectVersions");
      expect(listings.map((r) => r.input.Prefix)).toEqual(["ds/2026-11-25/part "]);
      expect(s3.calls.filter((c) => c === "DeleteObjects")).toHaveLength(1);
      // A listing, ten copies and one batched delete, and one read per object: on AWS a GetObject
      // in place of the HeadObject for its CRC64NVME (decision 0011), which also gives the SHA-256
      // the ledger records; on the engine, which keeps no checksums, a read added for the SHA-256
      // (decision 0019). Without digests the engine makes 12 (below).
      expect(s3.calls).toHaveLength(22);
      expect(s3.keys(EXPORT)).toEqual([]);
    });

    it("makes no read for a digest when digests are off: 12 requests on the engine, 22 on AWS (its HeadObjects)", async () => {
      const { s3, client } = setup();
      const batch = events(
        s3,
        Array.from({ length: 10 }, (_, i) => `ds/2026-11-25/part ${i}.csv`),
      );
      const results = await moveObjects(batch, ROUTES, () => client, { ...options, digests: false });
      expect(results.map((r) => "outcome" in r && r.sha256)).toEqual(Array(10).fill(undefined));
      expect(s3.calls.filter((c) => c === "GetObject")).toEqual([]);
      expect(s3.calls).toHaveLength(profile === "aws" ? 22 : 12);
    });

    it("lists each dataset of a batch under its own folder, as its own role", async () => {
      const { s3, client } = setup();
      const clients: string[] = [];
      const batch = events(s3, ["ds/a.csv", "kept/a.csv", "ds/b.csv", "kept/b.csv"]);
      await moveObjects(
        batch,
        ROUTES,
        (dataset) => {
          clients.push(dataset);
          return client;
        },
        options,
      );
      const prefixes = s3.requests.filter((r) => r.command === "ListObjectVersions").map((r) => r.input.Prefix);
      expect(prefixes.sort()).toEqual(["ds/", "kept/"]);
      expect(new Set(clients)).toEqual(new Set(["ds", "kept"]));
    });

    it("retires every older version of each key of the batch, from the one listing", async () => {
      const { s3, client } = setup();
      s3.put(EXPORT, "ds/a.csv", "old a");
      s3.put(EXPORT, "ds/b.csv", "old b");
      const batch = events(s3, ["ds/a.csv", "ds/b.csv"]);
      await moveObjects(batch, ROUTES, () => client, options);
      expect(s3.calls.filter((c) => c === "ListObjectVersions")).toHaveLength(1);
      expect(s3.keys(EXPORT)).toEqual([]);
      expect(s3.current("ds-target", "ds/a.csv")?.body.toString()).toBe("body of ds/a.csv");
    });

    it("starts the listing just before the batch's first key, past the keys before it", async () => {
      const { s3, client } = setup();
      for (let i = 0; i < 50; i++) s3.put(EXPORT, `ds/b/waiting ${String(i).padStart(2, "0")}.csv`, "another batch's");
      const batch = events(s3, ["ds/b/x 2.csv", "ds/b/x 1.csv"]);
      const results = await moveObjects(batch, ROUTES, () => client, options);
      expect(results.map((r) => "outcome" in r && r.outcome)).toEqual(["moved", "moved"]);
      const listings = s3.requests.filter((r) => r.command === "ListObjectVersions").map((r) => r.input);
      expect(listings).toEqual([
        expect.objectContaining({ Prefix: "ds/b/x ", KeyMarker: "ds/b/x 1.cs", MaxKeys: batchPageSize(2) }),
      ]);
      expect(s3.keys(EXPORT)).toHaveLength(50);
    });

    it("reads further pages for keys spread among others, then lists per key what BATCH_PAGES leave open", async () => {
      const { s3, client } = setup();
      for (let i = 0; i < 200; i++) s3.put(EXPORT, `kept/${String(i).padStart(4, "0")}.csv`, "kept");
      const batch = events(s3, ["kept/zz-new-1.csv", "kept/0020.csv", "kept/zz-new-2.csv", "kept/0000.csv"]);
      const results = await moveObjects(batch, ROUTES, () => client, options);
      expect(results.map((r) => "outcome" in r && r.outcome)).toEqual(["copied", "copied", "copied", "copied"]);
      const listings = s3.requests.filter((r) => r.command === "ListObjectVersions").map((r) => r.input);
      // kept/0000.csv is on the first page and kept/0020.csv on the second; the new ones lie past
      // the last page the bound allows.
      expect(listings.slice(0, BATCH_PAGES).every((i) => i.Prefix === "kept/" && i.MaxKeys === batchPageSize(4))).toBe(
        true,
      );
      expect(listings.slice(BATCH_PAGES).map((i) => i.Prefix)).toEqual(["kept/zz-new-1.csv", "kept/zz-new-2.csv"]);
      expect(s3.current("kept-target", "kept/zz-new-2.csv")?.body.toString()).toBe("body of kept/zz-new-2.csv");
    });

    it("never leaves an older version behind when the page ends among a key's versions", async () => {
      const { s3, client } = setup();
      s3.versionsPerPage = 2;
      s3.put(EXPORT, "ds/a.csv", "a 1");
      s3.put(EXPORT, "ds/a.csv", "a 2");
      const batch = events(s3, ["ds/a.csv", "ds/b.csv"]);
      await moveObjects(batch, ROUTES, () => client, options);
      // The first page held a.csv's two newest versions only: the next page gives its oldest.
      const listings = s3.requests.filter((r) => r.command === "ListObjectVersions").map((r) => r.input);
      expect(listings.map((i) => [i.Prefix, i.KeyMarker])).toEqual([
        ["ds/", "ds/a.cs"],
        ["ds/", "ds/a.csv"],
      ]);
      expect(s3.keys(EXPORT)).toEqual([]);
      expect(s3.current("ds-target", "ds/a.csv")?.body.toString()).toBe("body of ds/a.csv");
    });

    it("pages a per-key listing to the end: a key with more versions than a page", async () => {
      const { s3, client } = setup();
      s3.versionsPerPage = 2;
      for (let i = 0; i < 5; i++) s3.put(EXPORT, "ds/a.csv", `v${i}`);
      const batch = events(s3, ["ds/a.csv"]);
      await moveObjects(batch, ROUTES, () => client, options);
      expect(s3.calls.filter((c) => c === "ListObjectVersions")).toHaveLength(3);
      expect(s3.keys(EXPORT)).toEqual([]);
    });

    it("fails every object of the batch for a retry when the listing fails, and keeps them", async () => {
      const { s3, client } = setup();
      const batch = events(s3, ["ds/a.csv", "ds/b.csv"]);
      s3.faults = (command) =>
        command === "ListObjectVersions" ? { when: "before", error: s3Error("SlowDown", 503) } : undefined;
      const results = await moveObjects(batch, ROUTES, () => client, options);
      expect(results.every((r) => r instanceof Error && /during read \(SlowDown, HTTP 503\)/.test(r.message))).toBe(
        true,
      );
      expect(s3.keys(EXPORT).sort()).toEqual(["ds/a.csv", "ds/b.csv"]);
    });

    it("lists a key that two events of the batch name once", async () => {
      const { s3, client } = setup();
      const twice = events(s3, ["ds/a.csv"]).flatMap((event) => [event, event]);
      await moveObjects(twice, ROUTES, () => client, options);
      expect(s3.calls.filter((c) => c === "ListObjectVersions")).toHaveLength(1);
      expect(s3.calls.filter(writesCopy)).toHaveLength(2);
    });
  },
);

describe("deletes on an engine that takes no DeleteObjects from the mover (batchDeletes: false)", () => {
  it("deletes each version on its own, older versions first, never asking for a batch", async () => {
    const s3 = new FakeS3("engine").bucket(EXPORT, true).bucket("ds-target");
    const client = s3.client();
    s3.put(EXPORT, "ds/a.csv", "old");
    const v = s3.put(EXPORT, "ds/a.csv", "new");
    const b = s3.put(EXPORT, "ds/b.csv", "b");
    await moveObjects(
      [
        { bucket: EXPORT, key: "ds/a.csv", versionId: v.id },
        { bucket: EXPORT, key: "ds/b.csv", versionId: b.id },
      ],
      ROUTES,
      () => client,
      { ...OPTIONS, verification: "engine-etag", batchDeletes: false },
    );
    expect(s3.calls).not.toContain("DeleteObjects");
    const deletes = s3.requests.filter((r) => r.command === "DeleteObject").map((r) => r.input.VersionId);
    expect(deletes[0]).not.toBe(v.id);
    expect(deletes.slice(1).sort()).toEqual([v.id, b.id].sort());
    expect(s3.keys(EXPORT)).toEqual([]);
  });
});
