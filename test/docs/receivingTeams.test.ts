import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { pullBucketPolicy } from "../../src/plan/policies/pullBucketPolicy";
import type { Statement } from "../../src/plan/policyDocument";
import { REPO, repoConfig } from "../synth";

const GUIDE = readFileSync(join(REPO, "docs/receiving-teams.md"), "utf8");

/** The guide's example identity policy for a role in `pull_arns`: the JSON block that lists the pull bucket. */
function guideIdentityPolicy(): Statement[] {
  const block = [...GUIDE.matchAll(/^```json\n([\s\S]*?)^```$/gm)]
    .map((m) => m[1] ?? "")
    .find((b) => b.includes('"ListThePullBucket"'));
  return (JSON.parse(block ?? "{}") as { Statement: Statement[] }).Statement;
}

const sorted = (actions: Statement["Action"]) => [actions ?? []].flat().sort();

describe("docs/receiving-teams.md", () => {
  it("asks a pull role's own account to allow exactly what the pull bucket's policy grants it, allow_push included", async () => {
    const config = await repoConfig();
    const dataset = config.pull.find((d) => d.name === "sentencing_statistics");
    if (!dataset) throw new Error("the example repository has no sentencing_statistics");
    const granted = pullBucketPolicy({ ...dataset, allowPush: true })
      .Statement.filter((s) => s.Effect === "Allow")
      .map((s) => ({ Action: sorted(s.Action), Resource: s.Resource }));
    const guide = guideIdentityPolicy().map((s) => ({ Action: sorted(s.Action), Resource: s.Resource }));
    expect(guide).toEqual(granted);
    // The guide says the last statement is the one only allow_push needs.
    const withoutPush = pullBucketPolicy({ ...dataset, allowPush: false }).Statement.filter(
      (s) => s.Effect === "Allow",
    );
    expect(guide.slice(0, -1)).toEqual(withoutPush.map((s) => ({ Action: sorted(s.Action), Resource: s.Resource })));
  });

  it("has the Azure token request name the identity, as the local platform's printout does", () => {
    expect(GUIDE).toMatch(/metadata\/identity\/oauth2\/token\?[^"\n]*&object_id=<object id>/);
  });

  it("sends receiving teams to what they can see, not to the platform's log", () => {
    expect(GUIDE).not.toMatch(/error in the log says/i);
    expect(GUIDE).toContain("you cannot see it");
  });
});
