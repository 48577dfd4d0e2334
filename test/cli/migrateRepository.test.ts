import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FIXTURES } from "../support";
import { runCli } from "./runCli";

const cli = (...args: string[]) => runCli(args);

interface PlannedDataset {
  kind: string;
  name: string;
  file: string;
  users: string[];
  exportPrefix?: string;
  target?: { bucket: string; prefix: string; keepFiles: boolean };
  bucket?: string;
  pullPrincipals?: string[];
  versioning?: boolean;
  allowPush?: boolean;
  grants: unknown[];
}

const planOf = async (root: string) => {
  const { code, stdout, stderr } = await cli("plan", "--root", root, "--format", "json");
  expect(stderr).toBe("");
  expect(code).toBe(0);
  return (JSON.parse(stdout) as { datasets: PlannedDataset[] }).datasets;
};

// Everything the old deployment made from these files, written out by hand from its rules:
// buckets and prefixes from `name` alone, users and principals exactly as written.
const OLD_DEPLOYMENT = [
  {
    name: "cjs-dashboard",
    bucket: "mojap-cjs-dashboard",
    users: ["alpha_user_SullivanJ123", "alpha_user_priya-n"],
    pullPrincipals: [
      "arn:aws:iam::210987654321:user/cjs-dashboard-sync",
      "arn:aws:iam::210987654321:role/aws-reserved/sso.amazonaws.com/eu-west-2/AWSReservedSSO_CJSAnalyst_5f0c2b9d1e7a4c36",
    ],
    allowPush: true,
    versioning: false,
  },
  {
    name: "legal_aid_costs",
    bucket: "mojap-legal-aid-costs",
    users: ["alpha_user_priya-n"],
    pullPrincipals: ["arn:aws:iam::777788889999:role/legal-aid-analytics"],
    allowPush: false,
    versioning: true,
  },
  {
    name: "yj-referrals",
    bucket: "mojap-yj-referrals",
    users: ["alpha_user_Eve-Dolling"],
    pullPrincipals: ["arn:aws:iam::444455556666:role/cloud-platform/yj-referrals-sync"],
    allowPush: false,
    versioning: true,
  },
  {
    name: "court_listings",
    exportPrefix: "s3://mojap-hub-exports/court_listings/",
    target: { bucket: "listings-partner-inbound", prefix: "court_listings/", keepFiles: true },
    users: ["alpha_user_SullivanJ123", "alpha_user_Eve-Dolling"],
  },
  {
    name: "prison_population_feed",
    exportPrefix: "s3://mojap-hub-exports/prison_population_feed/",
    target: { bucket: "perf-hub-landing-prison-population", prefix: "prison_population_feed/", keepFiles: false },
    users: ["alpha_user_tomasz_w", "alpha_user_OkaforJ"],
  },
  {
    name: "probation_caseload",
    exportPrefix: "s3://mojap-hub-exports/probation_caseload/",
    target: { bucket: "probation-insights-landing", prefix: "probation_caseload/", keepFiles: false },
    users: ["alpha_user_sam-adeyemi"],
  },
];

describe("taking over a repository of the old system's shape", () => {
  let repo: string;
  beforeAll(async () => {
    repo = await mkdtemp(join(tmpdir(), "exports-takeover-"));
    await cp(join(FIXTURES, "repos/legacy"), repo, { recursive: true });
  });
  afterAll(() => rm(repo, { recursive: true, force: true }));

  it("is migrated, then validates with no legacy warning left and plans exactly what the old deployment had", async () => {
    expect((await cli("migrate", "--root", repo)).code).toBe(0);
    const after = await cli("validate", "--root", repo, "--format", "json");
    expect(after.code).toBe(0);
    const { warnings } = JSON.parse(after.stdout) as { warnings: { rule: string }[] };
    // What remains is advice about the access itself, which migrate must not change.
    expect(warnings.map((w) => w.rule)).toEqual(["pull-arn-user"]);

    const planned = await planOf(repo);
    expect(planned).toHaveLength(OLD_DEPLOYMENT.length);
    for (const expected of OLD_DEPLOYMENT) {
      const dataset = planned.find((d) => d.name === expected.name);
      expect(dataset).toMatchObject(expected);
      // Each user's role is named as the platform wrote it: an ARN is compared as written.
      for (const user of expected.users)
        expect(dataset?.grants).toContainEqual(
          expect.objectContaining({
            principal: `arn:aws:iam::123456789012:role/${user}`,
            grantedBy: "user role policy",
          }),
        );
    }
  });
});
