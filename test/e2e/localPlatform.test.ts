import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  DeleteBucketPolicyCommand,
  GetObjectCommand,
  GetObjectTaggingCommand,
  ListObjectVersionsCommand,
  PutBucketPolicyCommand,
  type S3Client,
} from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/loadConfig";
import type { LocalUser } from "../../src/local/localSpec";
import { localS3Client } from "../../src/local/localS3Client";
import { LOCAL_ADMIN, type LocalPlatform } from "../../src/local/platform";
import { DELIVERED_TAG } from "../../src/mover/deliveryMark";
import { routeMap } from "../../src/mover/routes";
import { sweep } from "../../src/mover/sweep";
import { buildPlan } from "../../src/plan/plan";
import { policy } from "../../src/plan/policyDocument";
import { FIXTURES } from "../support";
import { awsCli, pollWithLog, pullSession as sharedPullSession, startTestPlatform, type AwsKeys } from "./testPlatform";

let platform: LocalPlatform;
let admin: S3Client;
let files: string;
const log: string[] = [];

beforeAll(async () => {
  const config = (await loadConfig(join(FIXTURES, "repos/local"))).value;
  platform = await startTestPlatform("test/e2e/localPlatform.test.ts", buildPlan(config).value, {
    sweepEveryMs: 3000,
    log,
  });
  admin = localS3Client(platform.endpoint, LOCAL_ADMIN);
  files = await mkdtemp(join(tmpdir(), "exports-e2e-"));
}, 120_000);
afterAll(async () => {
  await platform?.stop();
  await rm(files, { recursive: true, force: true });
});

const user = (uid: string) => platform.spec.users.find((u) => u.uid === uid) as LocalUser;

/**
 * The ACL that AWS accepts under "bucket owner enforced" and that older guides add. The engine
 * needs it for nothing (docs/local-platform.md): the deliveries below are uploaded without it.
 */
const OWNER = ["--acl", "bucket-owner-full-control"];

/** Runs the AWS CLI as an identity, as a person would; never throws, returns what it printed. */
const aws = (who: AwsKeys, ...args: string[]) => awsCli(platform.endpoint, files, who, ...args);

/** A pull principal's session: it assumes its stand-in role with its own keys, like a role in its account. */
async function pullSession(u: LocalUser) {
  const session = await sharedPullSession(platform.endpoint, files, u);
  expect(session, "the pull principal assumes its role").toBeDefined();
  return session as AwsKeys;
}

const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");
async function bytesOf(bucket: string, key: string): Promise<Buffer | undefined> {
  return admin.send(new GetObjectCommand({ Bucket: bucket, Key: key })).then(
    async (o) => Buffer.from((await o.Body?.transformToByteArray()) ?? []),
    () => undefined,
  );
}
const eventually = pollWithLog(log, 30_000);
/** The delivery mark on a kept object's current version in the export bucket, read as the sweep does. */
const deliveredMark = async (key: string) =>
  (
    await localS3Client(platform.endpoint, platform.spec.sweeper).send(
      new GetObjectTaggingCommand({ Bucket: "mojap-hub-exports", Key: key }),
    )
  ).TagSet?.find((t) => t.Key === DELIVERED_TAG)?.Value;
const versionsLeft = async (key: string) =>
  (
    (await admin.send(new ListObjectVersionsCommand({ Bucket: "mojap-hub-exports", Prefix: key }))).Versions ?? []
  ).filter((v) => v.Key === key).length;

describe("the local platform, driven with the AWS CLI", () => {
  it.each([
    ["team_a/plain.csv", 2048],
    ["team_a/with spaces + plus.csv", 100],
    ["team_a/nested/deeper/file.parquet", 5000],
    ["team_a/empty.csv", 0],
    ["team_a/multipart.bin", 20 * 1024 * 1024],
  ])(
    "delivers %s (%i bytes) to the target with the same bytes, and clears it from the export bucket",
    async (key, size) => {
      const body = randomBytes(size);
      const file = join(files, `upload-${sha(Buffer.from(key)).slice(0, 8)}`);
      await writeFile(file, body);
      const out = await aws(user("alpha_user_ana"), "s3", "cp", file, `s3://mojap-hub-exports/${key}`);
      expect(out.code, out.stderr).toBe(0);
      const copy = await eventually(async () => bytesOf("team-a-landing", key));
      expect(sha(copy)).toBe(sha(body));
      await eventually(async () => ((await versionsLeft(key)) === 0 ? true : undefined));
    },
    120_000,
  );

  it("routes team_a's files with its bucket_owner, so ExpectedBucketOwner is sent; the engine accepts it (deliveries above)", () => {
    // The local routes are the plan's (routesOf): the mover sends the header on every request to
    // the target bucket (src/mover/copy.ts). Ceph RGW ignores it rather than refusing.
    expect(platform.spec.routes.find((r) => r.name === "team_a")?.targetOwner).toBe("210987654321");
  });

  it("copies and keeps files with keep_files", { timeout: 120_000 }, async () => {
    const file = join(files, "kept.csv");
    await writeFile(file, "kept");
    expect(
      (await aws(user("alpha_user_bo"), "s3", "cp", file, "s3://mojap-hub-exports/team_b/kept.csv", ...OWNER)).code,
    ).toBe(0);
    expect((await eventually(async () => bytesOf("team-b-landing", "team_b/kept.csv")))?.toString()).toBe("kept");
    expect((await bytesOf("mojap-hub-exports", "team_b/kept.csv"))?.toString()).toBe("kept");
  });

  it(
    "delivers a keep_files file once its receiving bucket stops refusing, and marks it delivered",
    { timeout: 180_000 },
    async () => {
      const key = "team_b/refused-then-delivered.csv";
      const refuse = policy({
        Sid: "RefuseEveryWrite",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:PutObject",
        Resource: "arn:aws:s3:::team-b-landing/*",
      });
      await admin.send(new PutBucketPolicyCommand({ Bucket: "team-b-landing", Policy: JSON.stringify(refuse) }));
      const file = join(files, "refused.csv");
      await writeFile(file, "refused, then delivered");
      expect((await aws(user("alpha_user_bo"), "s3", "cp", file, `s3://mojap-hub-exports/${key}`)).code).toBe(0);
      // Every try is refused; the mover gives up, as SQS would dead-letter it after 5 receives.
      await eventually(
        async () => (log.some((l) => l.includes("gave up after 5 tries") && l.includes(key)) ? true : undefined),
        60_000,
      );
      expect(await bytesOf("team-b-landing", key)).toBeUndefined();
      expect(await deliveredMark(key)).toBeUndefined();

      await admin.send(new DeleteBucketPolicyCommand({ Bucket: "team-b-landing" }));
      // The sweep finds it undelivered (no mark) and sends it again.
      expect((await eventually(async () => bytesOf("team-b-landing", key), 60_000)).toString()).toBe(
        "refused, then delivered",
      );
      const mark = await eventually(async () => deliveredMark(key));
      expect(await versionsLeft(key), "kept").toBe(1);
      expect(mark).toMatch(/^\d{4}-\d\d-\d\dT/);
      // Kept after delivery: the sweep, even an hour on, no longer sends it.
      const later = await sweep(
        localS3Client(platform.endpoint, platform.spec.sweeper),
        routeMap(platform.spec.routes),
        {
          exportBucket: "mojap-hub-exports",
          requeueAfterMs: 0,
          alarmAfterMs: 60 * 60_000,
          now: new Date(Date.now() + 60 * 60_000),
        },
      );
      expect(later.requeue.map((e) => e.key)).not.toContain(key);
    },
  );

  it.each([
    ["another dataset's prefix", "s3://mojap-hub-exports/team_b/sneaky.csv"],
    ["the export bucket's root", "s3://mojap-hub-exports/sneaky.csv"],
    ["a target bucket", "s3://team-a-landing/team_a/sneaky.csv"],
  ])("refuses a user writing to %s (AccessDenied from the engine)", { timeout: 120_000 }, async (_, url) => {
    const file = join(files, "sneaky.csv");
    await writeFile(file, "no");
    // This AWS CLI (2.9) cannot parse the engine's AccessDenied body ("argument of type
    // 'NoneType' is not iterable"), so the refusal is shown by its effect: nothing was written.
    const out = await aws(user("alpha_user_ana"), "s3", "cp", file, url, ...OWNER);
    expect(out.code).not.toBe(0);
    const [bucket, ...key] = url.replace("s3://", "").split("/");
    expect(await bytesOf(bucket ?? "", key.join("/"))).toBeUndefined();
  });

  it(
    "lets a pull principal list and read its bucket but not write it without allow_push",
    { timeout: 120_000 },
    async () => {
      const file = join(files, "report.csv");
      await writeFile(file, "pulled");
      expect(
        (await aws(user("alpha_user_ana"), "s3", "cp", file, "s3://mojap-shared-data/reports/r.csv", ...OWNER)).code,
        "its platform user writes",
      ).toBe(0);
      const reader = await pullSession(user("reader"));
      const listed = await aws(reader, "s3", "ls", "s3://mojap-shared-data/reports/");
      expect(listed.stdout).toContain("r.csv");
      expect((await aws(reader, "s3", "cp", "s3://mojap-shared-data/reports/r.csv", join(files, "got.csv"))).code).toBe(
        0,
      );
      expect(await readFile(join(files, "got.csv"), "utf8")).toBe("pulled");
      expect((await aws(reader, "s3", "cp", file, "s3://mojap-shared-data/reports/mine.csv", ...OWNER)).code).not.toBe(
        0,
      );
      expect(await bytesOf("mojap-shared-data", "reports/mine.csv"), "no write without allow_push").toBeUndefined();
      expect((await aws(reader, "s3", "rm", "s3://mojap-shared-data/reports/r.csv")).code).not.toBe(0);
      expect(await bytesOf("mojap-shared-data", "reports/r.csv"), "no delete").toBeDefined();
    },
  );

  it("lets a pull principal write with allow_push, and keeps other people out", { timeout: 120_000 }, async () => {
    const writer = await pullSession(user("writer"));
    const file = join(files, "in.csv");
    await writeFile(file, "pushed back");
    expect((await aws(writer, "s3", "cp", file, "s3://mojap-inbox/in.csv", ...OWNER)).code).toBe(0);
    expect(
      (await aws(user("alpha_user_bo"), "s3", "cp", "s3://mojap-inbox/in.csv", join(files, "bo.csv"))).code,
      "its platform user reads",
    ).toBe(0);
    expect(
      (await aws(user("alpha_user_ana"), "s3", "ls", "s3://mojap-inbox/")).code,
      "another dataset's user",
    ).not.toBe(0);
    expect((await aws(writer, "s3", "ls", "s3://mojap-shared-data/")).code, "another dataset's principal").not.toBe(0);
  });
});
