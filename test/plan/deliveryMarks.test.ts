import { runSimulation } from "@cloud-copilot/iam-simulate";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/loadConfig";
import { EXPORT_MARK_DELIVERED } from "../../src/plan/actions";
import { buildPlan } from "../../src/plan/plan";
import type { PolicyDocument } from "../../src/plan/policyDocument";
import { FIXTURES } from "../support";

/** The simulator's verdict on a mover role's request against the export bucket. */
async function decide(identity: PolicyDocument, resourcePolicy: PolicyDocument, action: string, resource: string) {
  const result = await runSimulation(
    {
      request: {
        principal: "arn:aws:iam::123456789012:role/service-role/export_x-move",
        action,
        resource: { resource, accountId: "123456789012" },
        contextVariables: { "aws:SecureTransport": "true", "s3:TlsVersion": "1.3" },
      },
      identityPolicies: [{ name: "identity", policy: identity }],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      resourcePolicy,
    },
    {},
  );
  if (result.resultType === "error") throw new Error(JSON.stringify(result.errors));
  return result.overallResult;
}

describe("the delivery mark's permissions (keep_files)", async () => {
  const plan = buildPlan((await loadConfig(join(FIXTURES, "repos/local"))).value).value;
  const role = (name: string) => plan.push.find((p) => p.dataset.name === name)?.role.policy as PolicyDocument;
  const object = (key: string) => `arn:aws:s3:::${plan.exportBucket.name}/${key}`;

  it.each(EXPORT_MARK_DELIVERED)("a keep_files dataset's mover role may %s on its own exports only", async (action) => {
    expect(await decide(role("team_b"), plan.exportBucket.policy, action, object("team_b/a.csv"))).toBe("Allowed");
    expect(await decide(role("team_b"), plan.exportBucket.policy, action, object("team_a/a.csv"))).not.toBe("Allowed");
  });

  it.each(["s3:PutObjectTagging", "s3:PutObjectVersionTagging"])(
    "a dataset that does not keep files gets no %s",
    async (action) => {
      expect(await decide(role("team_a"), plan.exportBucket.policy, action, object("team_a/a.csv"))).not.toBe(
        "Allowed",
      );
    },
  );
});
