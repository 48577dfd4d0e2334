import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { Config } from "../../src/config/config";
import { loadConfig } from "../../src/config/loadConfig";
import { routesOf } from "../../src/mover/routes";
import { buildPlan, type Plan } from "../../src/plan/plan";
import { compareAccess } from "../../src/report/changes";
import { datasetAccess } from "../../src/report/datasetAccess";
import { formatPlan } from "../../src/report/formatPlan";
import { FIXTURES } from "../support";

/** The last second of 31 December 2026 in London, and the first instant after it. */
const LAST_SECOND = new Date("2026-12-31T23:59:59Z");
const FIRST_EXPIRED = new Date("2027-01-01T00:00:00Z");

/** What the plan deploys, without the parsed files' positions: the golden files' content. */
const deployed = (plan: Plan) => ({
  exportBucketPolicy: plan.exportBucket.policy,
  moverRoles: plan.push.map((p) => ({ name: p.role.name, policy: p.role.policy })),
  pullBuckets: plan.pull.map((p) => ({ bucket: p.dataset.bucket, policy: p.policy })),
  users: plan.users.map((u) => ({ user: u.user, policy: u.policy })),
  routes: routesOf(plan),
  expired: plan.expired.map((d) => d.file),
});

let config: Config;
beforeAll(async () => {
  const loaded = await loadConfig(join(FIXTURES, "repos/expiring"));
  expect(loaded.errors).toEqual([]);
  config = loaded.value;
});

describe("the plan of datasets that expire on 2026-12-31 (Europe/London)", () => {
  it.each([
    { when: "before", now: LAST_SECOND },
    { when: "after", now: FIRST_EXPIRED },
  ])("matches its golden files $when expiry", async ({ when, now }) => {
    const plan = buildPlan(config, now).value;
    await expect(JSON.stringify(deployed(plan), null, 2) + "\n").toMatchFileSnapshot(`golden/expiring-${when}.json`);
    const report = { changes: compareAccess(datasetAccess(plan), undefined) };
    await expect(formatPlan(report, "text")).toMatchFileSnapshot(`golden/expiring-${when}.txt`);
    await expect(formatPlan(report, "markdown")).toMatchFileSnapshot(`golden/expiring-${when}.md`);
    await expect(formatPlan(report, "json")).toMatchFileSnapshot(`golden/expiring-${when}.plan.json`);
  });

  it("puts an aws:CurrentTime condition on every grant of a dataset with expires, ending at the end of its last day", () => {
    const plan = buildPlan(config, LAST_SECOND).value;
    const end = { DateLessThan: { "aws:CurrentTime": "2027-01-01T00:00:00Z" } };
    const court = plan.push.find((p) => p.dataset.name === "court_feed");
    for (const s of court?.role.policy.Statement ?? []) expect(s.Condition, s.Sid).toMatchObject(end);
    const pull = plan.pull[0]?.policy.Statement.filter((s) => s.Effect === "Allow") ?? [];
    expect(pull.length).toBe(3);
    for (const s of pull) expect(s.Condition, s.Sid).toMatchObject(end);
    const ana = plan.users.find((u) => u.user === "alpha_user_ana")?.policy.Statement ?? [];
    expect(ana.map((s) => [s.Sid, s.Condition?.DateLessThan])).toEqual([
      ["WritePushExports", undefined],
      ["WritePushExportsExpires20261231", { "aws:CurrentTime": "2027-01-01T00:00:00Z" }],
      ["ListPullBucketsExpires20261231", { "aws:CurrentTime": "2027-01-01T00:00:00Z" }],
      ["UsePullBucketsExpires20261231", { "aws:CurrentTime": "2027-01-01T00:00:00Z" }],
    ]);
    const open = plan.push.find((p) => p.dataset.name === "open_feed");
    for (const s of open?.role.policy.Statement ?? []) expect(s.Condition?.DateLessThan, s.Sid).toBeUndefined();
  });

  it("after expiry, grants nothing to the expired datasets and keeps their buckets", () => {
    const plan = buildPlan(config, FIRST_EXPIRED).value;
    expect(plan.expired.map((d) => d.name)).toEqual(["court_feed", "shared_extract"]);
    expect(plan.push.map((p) => p.dataset.name)).toEqual(["open_feed"]);
    expect(routesOf(plan).map((r) => r.name)).toEqual(["open_feed"]);
    expect(plan.users.map((u) => [u.user, u.push, u.pull])).toEqual([["alpha_user_ana", ["open_feed"], []]]);
    expect(plan.pull.map((p) => p.dataset.bucket)).toEqual(["mojap-shared-extract"]);
    expect(plan.pull[0]?.policy.Statement.map((s) => s.Effect)).toEqual(["Deny", "Deny"]);
    expect(JSON.stringify(plan.users)).not.toContain("court_feed");
  });

  it("refuses writes under an expiring push dataset's prefix from the instant its access ends", () => {
    for (const now of [LAST_SECOND, FIRST_EXPIRED]) {
      const refusal = buildPlan(config, now).value.exportBucket.policy.Statement.find(
        (s) => s.Sid === "AgreementEnded20261231RefuseWrites",
      );
      expect(refusal).toEqual({
        Sid: "AgreementEnded20261231RefuseWrites",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:PutObject",
        Resource: ["arn:aws:s3:::mojap-hub-exports/court_feed/*"],
        Condition: { DateGreaterThanEquals: { "aws:CurrentTime": "2027-01-01T00:00:00Z" } },
      });
    }
  });

  it("shows a renewal as a change of each grant's end date", () => {
    const before = datasetAccess(buildPlan(config, LAST_SECOND).value);
    const renewed = {
      ...config,
      push: config.push.map((d) => (d.name === "court_feed" ? { ...d, expires: "2027-12-31" } : d)),
    };
    const [change] = compareAccess(datasetAccess(buildPlan(renewed, LAST_SECOND).value), before).filter(
      (c) => c.change === "changed",
    );
    expect(change?.removed.every((l) => l.includes("until the end of 2026-12-31"))).toBe(true);
    expect(change?.added.every((l) => l.includes("until the end of 2027-12-31"))).toBe(true);
    expect(change?.added.length).toBe(3);
    // The JSON plan's grants: each one of the dataset's changes, carrying its new last day.
    expect(change?.grantsAdded.length).toBe(change?.grantsRemoved.length);
    expect(change?.grantsAdded.map((g) => g.ends)).toEqual(
      change?.grantsAdded.map(() => ({ lastDay: "2027-12-31", at: "2028-01-01T00:00:00Z" })),
    );
    expect(change?.grantsRemoved.every((g) => g.ends?.lastDay === "2026-12-31")).toBe(true);
  });

  it("reports an export bucket policy past S3's 20 KB limit at the latest expires date", () => {
    const many = {
      ...config,
      push: Array.from({ length: 120 }, (_, i) => ({
        ...(config.push[0] as Config["push"][number]),
        name: `dataset_${i}`,
        file: `push_datasets/dataset_${i}.yaml`,
        expires: `2027-${String((i % 12) + 1).padStart(2, "0")}-${String((i % 28) + 1).padStart(2, "0")}`,
      })),
    };
    const { errors } = buildPlan(many, LAST_SECOND);
    const bucket = errors.filter((e) => e.rule === "export-bucket-policy-size");
    const latest = many.push.reduce((a, b) => ((b.expires ?? "") > (a.expires ?? "") ? b : a));
    expect(bucket.map((e) => [e.file, e.line, e.column])).toEqual([[latest.file, 7, 10]]);
    expect(bucket[0]?.message).toMatch(/over S3's limit of 20480: found \d+ bytes\. Give/);
  });
});
