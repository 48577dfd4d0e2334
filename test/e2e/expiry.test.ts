import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/loadConfig";
import type { LocalUser } from "../../src/local/localSpec";
import { localS3Client } from "../../src/local/localS3Client";
import { LOCAL_ADMIN, type LocalPlatform } from "../../src/local/platform";
import { buildPlan, type Plan } from "../../src/plan/plan";
import type { PolicyDocument } from "../../src/plan/policyDocument";
import { FIXTURES } from "../support";
import { awsCli, pollWithLog, pullSession, startTestPlatform, type AwsKeys } from "./testPlatform";

/** The end of court_feed's last day, 2026-12-31 in London, as the plan's conditions give it. */
const PLANNED_END = "2027-01-01T00:00:00Z";

/**
 * The plan with every `aws:CurrentTime` instant PLANNED_END moved to `end`. The engine's clock
 * cannot be set, so the test brings the boundary to it instead; every document is otherwise the
 * plan's own, and the end instant's arithmetic is tested with an injected clock elsewhere.
 */
function endingAt(plan: Plan, end: string): Plan {
  const shift = (document: PolicyDocument): PolicyDocument => ({
    ...document,
    Statement: document.Statement.map((s) =>
      s.Condition
        ? {
            ...s,
            Condition: Object.fromEntries(
              Object.entries(s.Condition).map(([op, keys]) => [
                op,
                keys["aws:CurrentTime"] === PLANNED_END ? { ...keys, "aws:CurrentTime": end } : keys,
              ]),
            ),
          }
        : s,
    ),
  });
  return {
    ...plan,
    exportBucket: { ...plan.exportBucket, policy: shift(plan.exportBucket.policy) },
    push: plan.push.map((p) => ({ ...p, role: { ...p.role, policy: shift(p.role.policy) } })),
    pull: plan.pull.map((p) => ({ ...p, policy: shift(p.policy) })),
    users: plan.users.map((u) => ({ ...u, policy: shift(u.policy) })),
  };
}

let platform: LocalPlatform;
let admin: S3Client;
let files: string;
let end: Date;
const log: string[] = [];

/**
 * From provisioning to the end instant: long enough to provision and for the checks before the
 * end, a dozen AWS CLI calls and one delivery: 12 s on a quiet machine, 35 s at a load of 11 on
 * two cores. Each test asserts the time it still has, so a machine too slow fails there. The
 * engine's start-up is not in it: the plan is made once the engine is up (startLocalPlatform).
 */
const BEFORE_END_MS = 60_000;

beforeAll(async () => {
  const config = (await loadConfig(join(FIXTURES, "repos/expiring"))).value;
  const plan = buildPlan(config, new Date("2026-12-31T12:00:00Z")).value;
  platform = await startTestPlatform(
    "test/e2e/expiry.test.ts",
    () => {
      end = new Date(Math.ceil((Date.now() + BEFORE_END_MS) / 1000) * 1000);
      return endingAt(plan, end.toISOString().replace(".000Z", "Z"));
    },
    { sweepEveryMs: 3000, log },
  );
  admin = localS3Client(platform.endpoint, LOCAL_ADMIN);
  files = await mkdtemp(join(tmpdir(), "exports-e2e-expiry-"));
}, 240_000);
afterAll(async () => {
  await platform?.stop();
  if (files) await rm(files, { recursive: true, force: true });
});

const user = (uid: string) => platform.spec.users.find((u) => u.uid === uid) as LocalUser;

async function upload(uid: string, key: string, body: string) {
  const file = join(files, key.replaceAll("/", "-"));
  await writeFile(file, body);
  const args = ["s3", "cp", file, `s3://mojap-hub-exports/${key}`, "--acl", "bucket-owner-full-control"];
  return (await awsCli(platform.endpoint, files, user(uid), ...args)).code;
}
const text = (bucket: string, key: string) =>
  admin.send(new GetObjectCommand({ Bucket: bucket, Key: key })).then(
    async (o) => (await o.Body?.transformToString()) ?? "",
    () => undefined,
  );
const eventually = pollWithLog(log, 60_000);

/** shared_extract's bucket, its platform user, and its pull principal (allow_push). */
const PULL_BUCKET = "mojap-shared-extract";
const principal = () =>
  platform.spec.users.find(
    (u) => u.standsFor === "pull principal arn:aws:iam::111122223333:role/extract-reader",
  ) as LocalUser;
const cli = (who: AwsKeys, ...args: string[]) => awsCli(platform.endpoint, files, who, ...args);
/** Whether `who` may write `write` to the pull bucket, then list it and read each of `keys` from it. */
async function pullAccess(who: AwsKeys, keys: string[], write: string) {
  const file = join(files, "pull-upload.csv");
  await writeFile(file, `written by ${write}`);
  // The write first: its own object is among those it then reads.
  const wrote = (await cli(who, "s3", "cp", file, `s3://${PULL_BUCKET}/${write}`)).code === 0;
  return {
    list: (await cli(who, "s3", "ls", `s3://${PULL_BUCKET}/`)).code === 0,
    read: await Promise.all(
      keys.map(async (k) => (await cli(who, "s3", "cp", `s3://${PULL_BUCKET}/${k}`, "-")).code === 0),
    ),
    write: wrote,
  };
}
const PULL_KEYS = ["from-ana.csv", "from-reader.csv"];

describe("a pull dataset whose agreement ends, on the local platform: before the end", () => {
  it("lets its platform user and its pull principal list, read and write", { timeout: 120_000 }, async () => {
    expect(Date.now(), "the platform started before the end instant").toBeLessThan(end.getTime() - 20_000);
    const ana = user("alpha_user_ana");
    const reader = (await pullSession(platform.endpoint, files, principal())) as AwsKeys;
    expect(reader, "the pull principal assumes its role").toBeDefined();
    // Each writes its own object first: after the end, neither may read even what it wrote.
    expect(await pullAccess(ana, [], "from-ana.csv")).toMatchObject({ list: true, write: true });
    expect(await pullAccess(reader, PULL_KEYS, "from-reader.csv")).toEqual({
      list: true,
      read: [true, true],
      write: true,
    });
    expect((await pullAccess(ana, PULL_KEYS, "from-ana.csv")).read).toEqual([true, true]);
  });
});

describe("a push dataset whose agreement ends, on the local platform", () => {
  it(
    "delivers before the end, refuses uploads after it, and keeps what was delivered",
    { timeout: 300_000 },
    async () => {
      expect(Date.now(), "the platform started before the end instant").toBeLessThan(end.getTime() - 10_000);
      expect(await upload("alpha_user_ana", "court_feed/before.csv", "delivered in time")).toBe(0);
      expect(await eventually(() => text("courts-inbound", "court_feed/before.csv"), 60_000)).toBe("delivered in time");

      await eventually(async () => (Date.now() > end.getTime() + 1000 ? true : undefined), 180_000);
      for (const uid of ["alpha_user_ana", "alpha_user_ben"]) {
        expect(await upload(uid, `court_feed/after-${uid}.csv`, "too late"), `${uid} after the end`).not.toBe(0);
        expect(await text("mojap-hub-exports", `court_feed/after-${uid}.csv`)).toBeUndefined();
      }
      expect(await upload("alpha_user_ana", "open_feed/still.csv", "no expires"), "a dataset without expires").toBe(0);
      expect(await text("courts-inbound", "court_feed/before.csv"), "the earlier delivery stays").toBe(
        "delivered in time",
      );
    },
  );
});

describe("a pull dataset whose agreement ends, on the local platform: after the end", () => {
  it(
    "refuses its platform user and its pull principal everything, even what each wrote itself",
    { timeout: 180_000 },
    async () => {
      await eventually(async () => (Date.now() > end.getTime() + 1000 ? true : undefined), 150_000);
      const reader = (await pullSession(platform.endpoint, files, principal())) as AwsKeys;
      const none = { list: false, read: [false, false], write: false };
      expect(await pullAccess(user("alpha_user_ana"), PULL_KEYS, "late-ana.csv"), "its platform user").toEqual(none);
      expect(await pullAccess(reader, PULL_KEYS, "late-reader.csv"), "its pull principal").toEqual(none);
      // The bucket and what it holds stay: only the access ended.
      const kept = await admin.send(new ListObjectsV2Command({ Bucket: PULL_BUCKET }));
      expect(kept.Contents?.map((o) => o.Key).sort()).toEqual(PULL_KEYS);
    },
  );
});
