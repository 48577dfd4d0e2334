import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GetObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/loadConfig";
import type { LocalUser } from "../../src/local/localSpec";
import { localS3Client } from "../../src/local/localS3Client";
import { LOCAL_ADMIN, type LocalPlatform } from "../../src/local/platform";
import { buildPlan, type Plan } from "../../src/plan/plan";
import type { PolicyDocument } from "../../src/plan/policyDocument";
import { FIXTURES } from "../support";
import { awsCli, pollWithLog, startTestPlatform } from "./testPlatform";

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

beforeAll(async () => {
  const config = (await loadConfig(join(FIXTURES, "repos/expiring"))).value;
  // Long enough for the engine to start and one file to be delivered, even on a slow machine.
  end = new Date(Math.ceil((Date.now() + 90_000) / 1000) * 1000);
  const plan = buildPlan(config, new Date("2026-12-31T12:00:00Z")).value;
  platform = await startTestPlatform(
    "test/e2e/expiry.test.ts",
    endingAt(plan, end.toISOString().replace(".000Z", "Z")),
    {
      sweepEveryMs: 3000,
      log,
    },
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

describe("a push dataset whose agreement ends, on the local platform", () => {
  it(
    "delivers before the end, refuses uploads after it, and keeps what was delivered",
    { timeout: 240_000 },
    async () => {
      expect(Date.now(), "the platform started before the end instant").toBeLessThan(end.getTime() - 10_000);
      expect(await upload("alpha_user_ana", "court_feed/before.csv", "delivered in time")).toBe(0);
      expect(await eventually(() => text("courts-inbound", "court_feed/before.csv"), 60_000)).toBe("delivered in time");

      await eventually(async () => (Date.now() > end.getTime() + 1000 ? true : undefined), 120_000);
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
