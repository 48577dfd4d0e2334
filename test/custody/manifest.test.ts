import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { batchState, type BatchFacts } from "../../src/custody/batchState";
import { buildManifest, manifestBytes, type ManifestHead } from "../../src/custody/manifest";
import { parseManifest } from "../../src/custody/manifestShape";
import { parseSeal, sealBody } from "../../src/custody/seal";
import { kmsSigner, localSigner, readPublicKey, signatureHolds } from "../../src/custody/signer";
import { batchOfSeal, batchesHolding, batchName, isBatchFile } from "../../src/mover/batchNames";
import { MemoryLedger, deliveredRecord } from "./memoryLedger";

const sha = (text: string) => createHash("sha256").update(text).digest("hex");
const HEAD: ManifestHead = {
  dataset: "ds",
  paperwork: ["DPIA-123"],
  batch: "b1",
  bucket: "ds-target",
  prefix: "ds/b1/",
  sealedBy: "alpha_user_ana",
  sealedAt: "2026-12-07T10:00:00.000Z",
};

describe("batch names", () => {
  it.each([
    ["ds/b1/_seal", "ds/b1/"],
    ["ds/2026/12/_seal", "ds/2026/12/"],
    ["ds/_seal", undefined], // the dataset's whole folder is never a batch
    ["ds/b1/_seal.csv", undefined],
    ["ds/b1/not_seal", undefined],
  ])("the seal %s closes %s", (key, prefix) => expect(batchOfSeal(key)).toBe(prefix));

  it("a file is in each folder between the dataset's and its own, innermost first; the batch is named without the dataset", () => {
    expect(batchesHolding("ds/a/b/f.csv")).toEqual(["ds/a/b/", "ds/a/"]);
    expect(batchesHolding("ds/f.csv")).toEqual([]);
    expect(batchName("ds/2026/b1/")).toBe("2026/b1");
    expect(isBatchFile("ds/b1/_manifest.json")).toBe(true);
    expect(isBatchFile("ds/b1/manifest.json")).toBe(false);
  });
});

describe("the manifest's bytes", () => {
  const records = [
    deliveredRecord("ds", "ds/b1/z.csv", 3, sha("zzz")),
    deliveredRecord("ds", "ds/b1/a.csv", 1, sha("a")),
  ];

  it("are the same whatever order the records come in, files sorted by key, one final newline", () => {
    const one = manifestBytes(buildManifest(HEAD, records));
    const two = manifestBytes(buildManifest(HEAD, [...records].reverse()));
    expect(one.equals(two)).toBe(true);
    const parsed = JSON.parse(one.toString("utf8")) as { files: { key: string }[] };
    expect(parsed.files.map((f) => f.key)).toEqual(["ds/b1/a.csv", "ds/b1/z.csv"]);
    expect(one.toString("utf8").endsWith("}\n")).toBe(true);
    expect(Object.keys(parsed)).toEqual([
      "format",
      "dataset",
      "paperwork",
      "batch",
      "bucket",
      "prefix",
      "sealedBy",
      "sealedAt",
      "files",
    ]);
  });

  it("read back, are the manifest they were made from", () => {
    const manifest = buildManifest(HEAD, records);
    expect(parseManifest(manifestBytes(manifest), "m").manifest).toEqual(manifest);
    expect(parseManifest(Buffer.from("{}"), "s3://b/m").error).toMatch(/^s3:\/\/b\/m: not a data-exports manifest/);
    expect(parseManifest(Buffer.from("{"), "s3://b/m").error).toMatch(/^s3:\/\/b\/m: not JSON/);
  });
});

describe("signing", () => {
  it("a local key's signature verifies with its public key, and with openssl alone; a changed byte does not", async () => {
    const signer = localSigner();
    const bytes = manifestBytes(buildManifest(HEAD, [deliveredRecord("ds", "ds/b1/a.csv", 1, sha("a"))]));
    const signature = await signer.sign(bytes);
    const pem = await signer.publicKeyPem();
    const key = readPublicKey(pem, "k").key;
    if (!key) throw new Error("no key");
    expect(signatureHolds(bytes, signature, key)).toBe(true);
    const changed = Buffer.from(bytes);
    changed[10] = (changed[10] ?? 0) ^ 1;
    expect(signatureHolds(changed, signature, key)).toBe(false);

    const dir = mkdtempSync(join(tmpdir(), "manifest-"));
    writeFileSync(join(dir, "public.pem"), pem);
    writeFileSync(join(dir, "_manifest.json"), bytes);
    writeFileSync(join(dir, "_manifest.json.sig"), signature);
    const openssl = (file: string) => {
      const run = spawnSync(
        "openssl",
        ["dgst", "-sha256", "-verify", "public.pem", "-signature", "_manifest.json.sig", file],
        {
          cwd: dir,
          encoding: "utf8",
        },
      );
      return { status: run.status, stdout: run.stdout };
    };
    expect(openssl("_manifest.json")).toEqual({ status: 0, stdout: "Verified OK\n" });
    writeFileSync(join(dir, "changed.json"), changed);
    expect(openssl("changed.json")).toEqual({ status: 1, stdout: "Verification failure\n" });
  });

  it("the KMS signer sends KMS the SHA-256 digest, MessageType DIGEST, and returns KMS's DER signature", async () => {
    const local = localSigner();
    const sent: unknown[] = [];
    const pem = await local.publicKeyPem();
    const der = readPublicKey(pem, "k").key?.export({ type: "spki", format: "der" });
    const signer = kmsSigner(
      "arn:aws:kms:eu-west-1:123456789012:key/k",
      async (input) => {
        sent.push(input);
        return { Signature: await local.sign(Buffer.from("hello")) };
      },
      () => Promise.resolve({ PublicKey: new Uint8Array(der ?? []) }),
    );
    const signature = await signer.sign(Buffer.from("hello"));
    expect(sent).toEqual([
      {
        KeyId: "arn:aws:kms:eu-west-1:123456789012:key/k",
        Message: createHash("sha256").update("hello").digest(),
        MessageType: "DIGEST",
        SigningAlgorithm: "ECDSA_SHA_256",
      },
    ]);
    const key = readPublicKey(await signer.publicKeyPem(), "k").key;
    if (!key) throw new Error("no key");
    expect(signatureHolds(Buffer.from("hello"), signature, key)).toBe(true);
  });

  it("a key that is not the platform's kind is refused with what to do", () => {
    expect(readPublicKey("not a key", "key.pem").error).toMatch(
      /^key\.pem: not a PEM public key .* `exports public-key`/,
    );
  });
});

describe("seals", () => {
  it("an empty seal seals the folder; exports seal's body lists files; anything else says what is wrong and the fix", () => {
    expect(parseSeal("", "e", "ds/b1/_seal")).toEqual({ seal: {} });
    const body = sealBody({ sealedBy: "alpha_user_ana", files: [{ key: "a.csv", size: 1 }] });
    expect(parseSeal(body, "e", "x")).toEqual({
      seal: { sealedBy: "alpha_user_ana", files: [{ key: "a.csv", size: 1 }] },
    });
    expect(parseSeal("{", "e", "ds/b1/_seal").error).toMatch(
      /^s3:\/\/e\/ds\/b1\/_seal: the seal is not JSON .* aws s3api put-object --bucket e --key ds\/b1\/_seal$/,
    );
    expect(parseSeal('{"files": [{"key": 3}]}', "e", "ds/b1/_seal").error).toMatch(
      /the seal's JSON is not a seal: found .*exports seal/,
    );
  });
});

describe("a sealed batch's state", () => {
  const facts = (over: Partial<BatchFacts>): BatchFacts => ({
    prefix: "ds/b1/",
    seal: {},
    waiting: new Map(),
    delivered: new Map(),
    givenUp: new Set(),
    held: new Set(),
    ...over,
  });
  const a = deliveredRecord("ds", "ds/b1/a.csv", 1, sha("a"));
  const delivered = new Map([[a.source.key, a]]);

  it.each([
    { name: "every file delivered: complete", f: facts({ delivered }), state: "complete" },
    {
      name: "a file still in the export bucket: waiting",
      f: facts({ delivered, waiting: new Map([["ds/b1/b.csv", 2]]) }),
      state: "waiting",
    },
    {
      name: "a kept file, delivered and still in the export bucket: complete",
      f: facts({ delivered, waiting: new Map([["ds/b1/a.csv", 1]]) }),
      state: "complete",
    },
    {
      name: "a file given up: held by it",
      f: facts({ delivered, waiting: new Map([["ds/b1/b.csv", 2]]), givenUp: new Set(["ds/b1/b.csv"]) }),
      state: "held",
      key: "ds/b1/b.csv",
    },
    {
      name: "a listed file neither waiting nor delivered: held by it",
      f: facts({ delivered, seal: { files: [{ key: "a.csv" }, { key: "c.csv" }] } }),
      state: "held",
      key: "ds/b1/c.csv",
    },
    {
      name: "a listed file of another size: held by it",
      f: facts({ delivered, seal: { files: [{ key: "a.csv", size: 9 }] } }),
      state: "held",
      key: "ds/b1/a.csv",
    },
    { name: "a seal over nothing: empty (the seal is removed)", f: facts({}), state: "empty" },
    { name: "a seal listing no file: empty", f: facts({ delivered, seal: { files: [] } }), state: "empty" },
    {
      name: "a file its dataset's contract holds back: held by it",
      f: facts({ delivered, waiting: new Map([["ds/b1/b.csv", 2]]), held: new Set(["ds/b1/b.csv"]) }),
      state: "held",
      key: "ds/b1/b.csv",
    },
    {
      name: "listed files only: an unlisted one waiting does not hold the batch",
      f: facts({ delivered, seal: { files: [{ key: "a.csv", size: 1 }] }, waiting: new Map([["ds/b1/x.csv", 5]]) }),
      state: "complete",
    },
  ])("$name", ({ f, state, key }) => {
    const s = batchState(f);
    expect(s.state).toBe(state);
    if (key) expect(s).toMatchObject({ key });
  });

  it("the in-memory ledger gives each key's latest delivering record under the prefix", async () => {
    const ledger = new MemoryLedger();
    await ledger.append([a]);
    await ledger.append([{ ...a, outcome: "retrying" }]);
    await ledger.append([deliveredRecord("ds", "ds/b2/x.csv", 1, sha("x"))]);
    expect([...(await ledger.deliveredUnder("ds", "ds/b1/")).keys()]).toEqual(["ds/b1/a.csv"]);
  });
});
