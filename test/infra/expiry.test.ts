import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { Config } from "../../src/config/config";
import { loadConfig } from "../../src/config/loadConfig";
import { FIXTURES } from "../support";
import { deployedPolicies, synthesize } from "../synth";

type Templates = ReturnType<typeof synthesize>["templates"];

/** Every resource of the synthesized stacks, with its type. */
const resources = (templates: Templates) =>
  templates.flatMap(({ template }) =>
    Object.values(template.Resources ?? {}).map((r) => ({ ...r, json: JSON.stringify(r) })),
  );

describe("synthesis of datasets whose access has ended", () => {
  let config: Config;
  let after: Templates;
  beforeAll(async () => {
    config = (await loadConfig(join(FIXTURES, "repos/expiring"))).value;
    after = synthesize(config, { now: new Date("2027-01-01T00:00:00Z") }).templates;
  }, 120_000);

  it("leaves no grant: no user policy, mover role or pull principal names the expired datasets", () => {
    const { users, roles, buckets } = deployedPolicies(after);
    expect([...users.keys()]).toEqual(["alpha_user_ana"]);
    expect(JSON.stringify(users.get("alpha_user_ana"))).not.toMatch(/court_feed|shared-extract/);
    expect([...roles.keys()]).toEqual(["export_open_feed-move"]);
    const pullPolicy = buckets.get("mojap-shared-extract");
    expect(pullPolicy?.Statement.map((s) => [s.Sid, s.Effect])).toEqual([
      ["DenyPlainHttp", "Deny"],
      ["DenyTlsBelow12", "Deny"],
    ]);
    expect(JSON.stringify(pullPolicy)).not.toContain("111122223333");
  });

  it("keeps the expired pull dataset's bucket, retained, and refuses writes to the expired push prefix", () => {
    const all = resources(after);
    const bucket = all.find(
      (r) => r.Type === "AWS::S3::Bucket" && (r.Properties?.BucketName as string) === "mojap-shared-extract",
    );
    expect(bucket?.DeletionPolicy).toBe("Retain");
    const exportPolicy = deployedPolicies(after).buckets.get("mojap-hub-exports");
    expect(exportPolicy?.Statement).toContainEqual(
      expect.objectContaining({
        Sid: "AgreementEnded20261231RefuseWrites",
        Effect: "Deny",
        Resource: ["arn:aws:s3:::mojap-hub-exports/court_feed/*"],
      }),
    );
  });

  it("the day before, grants the same datasets with conditions that end them", () => {
    const before = synthesize(config, { now: new Date("2026-12-31T23:59:59Z") }).templates;
    const { users, roles } = deployedPolicies(before);
    expect([...users.keys()].sort()).toEqual(["alpha_user_ana", "alpha_user_ben"]);
    expect([...roles.keys()].sort()).toEqual(["export_court_feed-move", "export_open_feed-move"]);
    expect(JSON.stringify(users.get("alpha_user_ben"))).toContain('"aws:CurrentTime":"2027-01-01T00:00:00Z"');
  });
});
