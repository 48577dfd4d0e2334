import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  DeleteBucketPolicyCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutBucketPolicyCommand,
  PutObjectCommand,
} from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run } from "../../src/cli/program";
import type { DeliveryRecord } from "../../src/custody/record";
import { loadConfig } from "../../src/config/loadConfig";
import { noticesPath } from "../../src/delivery/localNotices";
import { localS3Client } from "../../src/local/localS3Client";
import { LOCAL_ADMIN, type LocalPlatform } from "../../src/local/platform";
import { buildPlan } from "../../src/plan/plan";
import { localStateDir } from "../../src/local/stateDir";
import { platformPorts } from "../ports";
import { FIXTURES } from "../support";
import { awsCli, pollWithLog, startTestPlatform, type AwsKeys } from "./testPlatform";

// Sealed batches end to end (issue 26, decision 0018): a requester uploads a batch (one file in
// parts) and seals it; the signed manifest arrives last, beside the files, and verifies with
// `exports verify` and with openssl alone; a changed file, a missing file and a changed manifest
// each fail verification, saying which; a batch with a refused file gets no manifest, and the
// requester a notice naming the file.

const REPO = join(FIXTURES, "repos/local");
const PORT = platformPorts("test/e2e/sealedBatch.test.ts").rgwPort;
// The state folder `exports status --local --port` reads, as `exports dev` would use.
const DIR = localStateDir(PORT);
let platform: LocalPlatform;
let home: string;
let ana: AwsKeys;
const log: string[] = [];
const eventually = pollWithLog(log, 90_000);
const TARGET = "team-a-landing";

beforeAll(async () => {
  const config = (await loadConfig(REPO)).value;
  platform = await startTestPlatform("test/e2e/sealedBatch.test.ts", buildPlan(config).value, {
    dir: DIR,
    sweepEveryMs: 3000,
    log,
  });
  home = await mkdtemp(join(tmpdir(), "exports-sealed-e2e-"));
  // The AWS CLI uploads in parts from 5 MiB: the batch's large file arrives as a multipart upload.
  await mkdir(join(home, ".aws"));
  await writeFile(
    join(home, ".aws/config"),
    "[default]\ns3 =\n  multipart_threshold = 5MB\n  multipart_chunksize = 5MB\n",
  );
  const user = platform.spec.users.find((u) => u.uid === "alpha_user_ana");
  if (!user) throw new Error("no alpha_user_ana in the local platform");
  ana = user;
}, 180_000);
afterAll(async () => {
  // Nothing left moving when the platform stops: the refused file is let through, the held seal removed.
  if (platform) {
    await admin().send(new DeleteBucketPolicyCommand({ Bucket: TARGET }));
    await admin().send(new DeleteObjectCommand({ Bucket: "mojap-hub-exports", Key: "team_a/b3/_seal" }));
    await eventually(async () => {
      const left = await admin().send(new ListObjectsV2Command({ Bucket: "mojap-hub-exports", Prefix: "team_a/" }));
      return (left.KeyCount ?? 0) === 0 ? true : undefined;
    });
  }
  await platform?.stop();
  if (home) await rm(home, { recursive: true, force: true });
}, 180_000);

const admin = () => localS3Client(platform.endpoint, LOCAL_ADMIN);
const exists = (key: string) =>
  admin()
    .send(new HeadObjectCommand({ Bucket: TARGET, Key: key }))
    .then(
      (h) => h,
      () => undefined,
    );

async function upload(dir: string, batch: string) {
  const out = await awsCli(
    platform.endpoint,
    home,
    ana,
    "s3",
    "cp",
    "--recursive",
    dir,
    `s3://mojap-hub-exports/team_a/${batch}/`,
  );
  expect(out.code, out.stderr).toBe(0);
}

/** Runs the exports command in this process, as the receiving team or the requester (their keys in the environment). */
async function exportsAs(keys: AwsKeys, ...args: string[]) {
  const saved = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY };
  process.env.AWS_ACCESS_KEY_ID = keys.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = keys.secretAccessKey;
  let stdout = "";
  let stderr = "";
  try {
    const code = await run(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
    return { code, stdout, stderr };
  } finally {
    if (saved.id === undefined) delete process.env.AWS_ACCESS_KEY_ID;
    else process.env.AWS_ACCESS_KEY_ID = saved.id;
    if (saved.secret === undefined) delete process.env.AWS_SECRET_ACCESS_KEY;
    else process.env.AWS_SECRET_ACCESS_KEY = saved.secret;
  }
}

const verify = async (batch: string) => {
  const pem = join(home, "public.pem");
  await writeFile(pem, platform.publicKeyPem);
  return exportsAs(
    LOCAL_ADMIN,
    "verify",
    `s3://${TARGET}/team_a/${batch}/`,
    "--public-key",
    pem,
    "--endpoint-url",
    platform.endpoint,
  );
};

describe("the delivery ledger", () => {
  it(
    "answers exports status --history from the engine's ledger: each file that left, its SHA-256, who uploaded it and where it arrived",
    { timeout: 300_000 },
    async () => {
      const dir = join(home, "h1");
      await mkdir(dir);
      const content = "id,name\n1,ledger\n";
      await writeFile(join(dir, "one.csv"), content);
      await upload(dir, "h1");
      await eventually(() => exists("team_a/h1/one.csv"));
      const today = new Date().toISOString().slice(0, 10);
      const historyAs = (format: "json" | "csv") =>
        exportsAs(
          LOCAL_ADMIN,
          "status",
          "team_a",
          "--history",
          "--from",
          today,
          "--local",
          "--port",
          String(PORT),
          "--root",
          REPO,
          "--format",
          format,
        );
      const history = async () => {
        const out = await historyAs("json");
        expect(out.code, out.stderr).toBe(0);
        const records = (JSON.parse(out.stdout) as { records: DeliveryRecord[] }).records;
        return records.find((r) => r.source.key === "team_a/h1/one.csv" && r.target !== undefined);
      };
      // Appended after the move's batch: polled, as the record follows the arrival.
      const record = await eventually(history);
      expect(record.dataset).toBe("team_a");
      expect(record.outcome).toBe("delivered");
      expect(record.source.sha256).toBe(createHash("sha256").update(content).digest("hex"));
      expect(record.source.size).toBe(Buffer.byteLength(content));
      expect(record.source.uploadedBy).toBeTruthy();
      expect(record.target).toMatchObject({ bucket: TARGET, key: "team_a/h1/one.csv" });
      const csv = await historyAs("csv");
      expect(csv.code, csv.stderr).toBe(0);
      expect(csv.stdout).toContain("team_a/h1/one.csv");
    },
  );
});

describe("a sealed batch", () => {
  it(
    "gets a signed manifest last, which exports verify and openssl accept, and which finds a changed file, a missing one and a changed manifest",
    { timeout: 300_000 },
    async () => {
      const dir = join(home, "b1");
      await mkdir(dir);
      await writeFile(join(dir, "small.csv"), "id,name\n1,ana\n");
      const big = Buffer.alloc(12 * 1024 * 1024, 7);
      await writeFile(join(dir, "big.bin"), big);
      await upload(dir, "b1");
      // Sealed with the AWS CLI alone: an empty seal seals whatever is under the folder.
      const seal = await awsCli(
        platform.endpoint,
        home,
        ana,
        "s3api",
        "put-object",
        "--bucket",
        "mojap-hub-exports",
        "--key",
        "team_a/b1/_seal",
      );
      expect(seal.code, seal.stderr).toBe(0);

      const manifest = await eventually(() => exists("team_a/b1/_manifest.json"));
      // Last: written after every file of the batch arrived.
      for (const key of ["team_a/b1/small.csv", "team_a/b1/big.bin", "team_a/b1/_manifest.json.sig"]) {
        const file = await exists(key);
        expect(file?.LastModified?.getTime() ?? Infinity).toBeLessThanOrEqual(manifest.LastModified?.getTime() ?? 0);
      }
      // The seal is not delivered, and leaves the export bucket once the manifest is written.
      expect(await exists("team_a/b1/_seal")).toBeUndefined();

      const ok = await verify("b1");
      expect(ok.code, ok.stdout + ok.stderr).toBe(0);
      expect(ok.stdout).toContain("Verified: the signature holds and all 2 files match.");
      const body = JSON.parse(
        (await (
          await admin().send(new GetObjectCommand({ Bucket: TARGET, Key: "team_a/b1/_manifest.json" }))
        ).Body?.transformToString()) ?? "",
      ) as { sealedBy: string | null; batch: string; files: { key: string; size: number }[] };
      expect(body).toMatchObject({ batch: "b1", sealedBy: null });
      expect(body.files).toEqual([
        expect.objectContaining({ key: "team_a/b1/big.bin", size: big.length }),
        expect.objectContaining({ key: "team_a/b1/small.csv", size: 14 }),
      ]);

      // openssl alone, as docs/receiving-teams.md tells a receiving team.
      for (const name of ["_manifest.json", "_manifest.json.sig"]) {
        const got = await admin().send(new GetObjectCommand({ Bucket: TARGET, Key: `team_a/b1/${name}` }));
        await writeFile(join(home, name), (await got.Body?.transformToByteArray()) ?? new Uint8Array());
      }
      const openssl = spawnSync(
        "openssl",
        ["dgst", "-sha256", "-verify", "public.pem", "-signature", "_manifest.json.sig", "_manifest.json"],
        { cwd: home, encoding: "utf8" },
      );
      expect(openssl.stdout).toBe("Verified OK\n");

      // A changed file (same size), then put back.
      const put = (key: string, body: Uint8Array | string) =>
        admin().send(new PutObjectCommand({ Bucket: TARGET, Key: key, Body: body }));
      await put("team_a/b1/small.csv", "id,name\n1,bob\n");
      const changed = await verify("b1");
      expect(changed.code).toBe(1);
      expect(changed.stdout).toMatch(
        /s3:\/\/team-a-landing\/team_a\/b1\/small\.csv: different content: the manifest's SHA-256 is [0-9a-f]{64}, the object's is [0-9a-f]{64}/,
      );
      await put("team_a/b1/small.csv", "id,name\n1,ana\n");

      // A missing file, then put back.
      await admin().send(new DeleteObjectCommand({ Bucket: TARGET, Key: "team_a/b1/big.bin" }));
      const missing = await verify("b1");
      expect(missing.code).toBe(1);
      expect(missing.stdout).toContain(
        `s3://team-a-landing/team_a/b1/big.bin: missing: the manifest lists it (${big.length} bytes), the bucket does not hold it`,
      );
      await put("team_a/b1/big.bin", big);
      expect((await verify("b1")).code).toBe(0);

      // A changed manifest.
      const text = (await readFile(join(home, "_manifest.json"), "utf8")).replace('"b1"', '"b9"');
      await put("team_a/b1/_manifest.json", text);
      const forged = await verify("b1");
      expect(forged.code).toBe(1);
      expect(forged.stdout).toContain(
        "s3://team-a-landing/team_a/b1/_manifest.json: the signature does not verify with the public key",
      );
      const json = await exportsAs(
        LOCAL_ADMIN,
        "verify",
        `s3://${TARGET}/team_a/b1/`,
        "--public-key",
        join(home, "public.pem"),
        "--endpoint-url",
        platform.endpoint,
        "--format",
        "json",
      );
      expect(JSON.parse(json.stdout)).toMatchObject({
        verified: false,
        findings: [expect.objectContaining({ kind: "bad-signature" })],
      });
    },
  );

  it(
    "with a file the receiving bucket refuses gets no manifest, and a notice naming the file",
    { timeout: 300_000 },
    async () => {
      const refuse = {
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Deny",
            Principal: "*",
            Action: "s3:PutObject",
            Resource: `arn:aws:s3:::${TARGET}/team_a/b2/refused.csv`,
          },
        ],
      };
      await admin().send(new PutBucketPolicyCommand({ Bucket: TARGET, Policy: JSON.stringify(refuse) }));
      const dir = join(home, "b2");
      await mkdir(dir);
      await writeFile(join(dir, "fine.csv"), "fine\n");
      await writeFile(join(dir, "refused.csv"), "refused\n");
      await upload(dir, "b2");
      // Sealed with exports seal, which lists the folder's files: right after the upload, while the mover still tries.
      const sealed = await exportsAs(
        ana,
        "seal",
        "team_a",
        "b2",
        "--from",
        dir,
        "--by",
        "alpha_user_ana",
        "--endpoint-url",
        platform.endpoint,
        "--root",
        REPO,
      );
      expect(sealed.code, sealed.stderr).toBe(0);
      expect(sealed.stdout).toContain("Sealed s3://mojap-hub-exports/team_a/b2/_seal (2 files)");

      const notice = await eventually(async () => {
        const mail = await readFile(noticesPath(DIR), "utf8").catch(() => "");
        return mail.split(/^-{72}$/m).find((n) => n.includes("a sealed batch cannot complete"));
      });
      expect(notice).toContain("Batch:  team_a/b2/");
      expect(notice).toContain("the file team_a/b2/refused.csv holds the sealed batch up");
      expect(await exists("team_a/b2/fine.csv")).toBeDefined();
      const status = await exportsAs(ana, "status", "team_a", "--local", "--port", String(PORT), "--root", REPO);
      expect(status.stdout).toContain("Sealed batches:");
      expect(status.stdout).toMatch(
        /team_a\/b2\/: batch-held: the file team_a\/b2\/refused\.csv holds the sealed batch up/,
      );
      expect(await exists("team_a/b2/_manifest.json")).toBeUndefined();
      expect(await exists("team_a/b2/_manifest.json.sig")).toBeUndefined();
    },
  );

  it(
    "whose seal lists a file never uploaded gets no manifest, and a notice naming the file",
    { timeout: 300_000 },
    async () => {
      const dir = join(home, "b3");
      await mkdir(dir);
      await writeFile(join(dir, "here.csv"), "here\n");
      await writeFile(join(dir, "never.csv"), "never\n");
      const one = await awsCli(
        platform.endpoint,
        home,
        ana,
        "s3",
        "cp",
        join(dir, "here.csv"),
        "s3://mojap-hub-exports/team_a/b3/here.csv",
      );
      expect(one.code, one.stderr).toBe(0);
      const sealed = await exportsAs(
        ana,
        "seal",
        "team_a",
        "b3",
        "--from",
        dir,
        "--endpoint-url",
        platform.endpoint,
        "--root",
        REPO,
      );
      expect(sealed.code, sealed.stderr).toBe(0);
      const notice = await eventually(async () => {
        const mail = await readFile(noticesPath(DIR), "utf8").catch(() => "");
        return mail.split(/^-{72}$/m).find((n) => n.includes("Batch:  team_a/b3/") && n.includes("cannot complete"));
      });
      expect(notice).toContain(
        "the file team_a/b3/never.csv holds the sealed batch up: the seal lists it, but it is neither in the export bucket nor delivered",
      );
      expect(await exists("team_a/b3/_manifest.json")).toBeUndefined();
    },
  );

  it(
    "sealed before any file arrived: the seal is removed and the requester told; files uploaded after it get no manifest of their own",
    { timeout: 300_000 },
    async () => {
      const sealed = await exportsAs(ana, "seal", "team_a", "b4", "--endpoint-url", platform.endpoint, "--root", REPO);
      expect(sealed.code, sealed.stderr).toBe(0);
      expect(sealed.stdout).toContain("a folder still empty then is not sealed, and you are told");
      const notice = await eventually(async () => {
        const mail = await readFile(noticesPath(DIR), "utf8").catch(() => "");
        return mail.split(/^-{72}$/m).find((n) => n.includes("Batch:  team_a/b4/"));
      });
      expect(notice).toContain("expects no file");
      expect(notice).toContain("upload the batch's files under team_a/b4/ first, then seal it again");
      const dir = join(home, "b4");
      await mkdir(dir);
      await writeFile(join(dir, "first.csv"), "first\n");
      await writeFile(join(dir, "second.csv"), "second\n");
      await upload(dir, "b4");
      await eventually(async () => ((await exists("team_a/b4/second.csv")) ? true : undefined));
      await eventually(async () => ((await exists("team_a/b4/first.csv")) ? true : undefined));
      expect(await exists("team_a/b4/_manifest.json")).toBeUndefined();
      // The receiving team, without a key file, is told there is no complete batch: not verified.
      const check = await exportsAs(
        LOCAL_ADMIN,
        "verify",
        `s3://${TARGET}/team_a/b4/`,
        "--endpoint-url",
        platform.endpoint,
      );
      expect(check.code).toBe(1);
      expect(check.stderr).toContain("is not there, so neither is a complete batch");
    },
  );
});
