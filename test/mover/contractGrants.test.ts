// The grants of a dataset with a contract (decision 0016), proved both ways against AWS's
// documented permissions (src/mover/callPermissions.ts) with the IAM simulator: every call the
// mover role makes to check and hold files is allowed by what is deployed, and each action the
// contract adds is needed by some call. Datasets without a contract get exactly what they had.
import { beforeAll, describe, expect, it } from "vitest";
import type { DataContract } from "../../src/contracts";
import type { Config } from "../../src/config/config";
import { checkBatch } from "../../src/custody/checkBatch";
import { localSigner } from "../../src/custody/signer";
import { CALL_PERMISSIONS, type Need } from "../../src/mover/callPermissions";
import { moveObject, type DatasetRoute } from "../../src/mover/moveObject";
import { MIB } from "../../src/mover/parts";
import { routesOf } from "../../src/mover/routes";
import { EXPORT_MARK_HELD } from "../../src/plan/actions";
import { buildPlan } from "../../src/plan/plan";
import type { PolicyDocument, Statement } from "../../src/plan/policyDocument";
import { csvFile } from "../contracts/exampleFiles";
import { configOf, deployedPolicies, synthesize } from "../synth";
import { MemoryLedger } from "../custody/memoryLedger";
import { FakeS3 } from "./fakeS3";
import { MOVER_ACCOUNT as PLATFORM, decide as decideIn } from "./iamDecide";

const EXPORT = "mojap-hub-exports";
const CONTRACT: DataContract = [{ prefix: "", formats: ["csv"], maxBytes: MIB, columns: ["id", "name"] }];
const TEXT = "name: ds\nbucket: ds-target\nusers:\n  - alpha_user_ana\n";

/** A config whose one dataset has `files` set as the config layer carries it. */
function withContract(config: Config, contract: DataContract | undefined): Config {
  return { ...config, push: config.push.map((d) => (contract ? { ...d, files: contract } : d)) };
}

/** The export-bucket calls of checking and holding files, on a versioned and a plain bucket. */
async function recordCheckCalls(route: DatasetRoute): Promise<Need[]> {
  const needs = new Map<string, Need>();
  for (const versioned of [true, false]) {
    const s3 = new FakeS3("aws").bucket(EXPORT, versioned).bucket(route.targetBucket);
    const client = s3.client();
    const routes = new Map([[route.name, route]]);
    const move = (key: string) =>
      moveObject({ bucket: EXPORT, key }, routes, () => client, {
        exportBucket: EXPORT,
        multipartThreshold: 8 * MIB,
        partSize: 5 * MIB,
        concurrency: 2,
      });
    s3.put(EXPORT, "ds/good.csv", Buffer.from(csvFile(["name", "id"], [["a", "1"]])));
    s3.put(EXPORT, "ds/bad.csv", Buffer.from(csvFile(["name", "id", "nhs_number"], [["a", "1", "2"]])));
    expect(await move("ds/good.csv")).toMatchObject({ outcome: "moved" });
    expect(await move("ds/bad.csv")).toMatchObject({ outcome: "held" });
    // A sealed batch the held file is in: the seal's check reads the hold tags of what waits (decision 0018).
    s3.put(EXPORT, "ds/b1/bad.csv", Buffer.from(csvFile(["name", "id", "nhs_number"], [["a", "1", "2"]])));
    expect(await move("ds/b1/bad.csv")).toMatchObject({ outcome: "held" });
    s3.put(EXPORT, "ds/b1/_seal", "");
    const custody = { exportBucket: EXPORT, routes, s3For: () => client, ledger: new MemoryLedger() };
    expect(
      await checkBatch("ds/b1/", new Set(), { ...custody, signer: localSigner() }, { readHolds: true }),
    ).toMatchObject({ state: "held", key: "ds/b1/bad.csv" });
    for (const call of s3.requests) {
      // The target bucket's grants are the receiving team's statement, proved in grants.test.ts.
      if (call.input.Bucket !== EXPORT && call.command !== "CopyObject") continue;
      for (const need of CALL_PERMISSIONS[call.command]?.needs(call.input) ?? [])
        if (need.resource.startsWith(`arn:aws:s3:::${EXPORT}`)) needs.set(JSON.stringify(need), need);
    }
  }
  return [...needs.values()];
}

/** Every call here meets the export bucket's policy, in the platform's account. */
const decide = (principal: string, need: Need, identity: PolicyDocument, bucketPolicy: PolicyDocument) =>
  decideIn(principal, need, identity, bucketPolicy, PLATFORM);
const actionsOf = (s: Statement) => (Array.isArray(s.Action) ? s.Action : [s.Action]);

describe("a dataset with a contract: its mover role's grants, call by call", () => {
  let role: { arn: string; policy: PolicyDocument };
  let bucketPolicy: PolicyDocument;
  let needs: Need[];

  beforeAll(async () => {
    const config = withContract(configOf([{ kind: "push", path: "push_datasets/ds.yaml", text: TEXT }]), CONTRACT);
    const { plan, templates } = synthesize(config);
    const deployed = deployedPolicies(templates);
    const policy = deployed.roles.get("export_ds-move")?.policy;
    if (!policy) throw new Error("no deployed role for ds");
    const route = { ...(routesOf(plan)[0] as DatasetRoute), contract: CONTRACT };
    role = { arn: route.roleArn, policy };
    bucketPolicy = deployed.buckets.get(EXPORT) as PolicyDocument;
    needs = await recordCheckCalls(route);
  }, 120_000);

  it("makes the ranged reads and the tagging calls of a check and a hold, versioned and not", () => {
    expect([...new Set(needs.map((n) => n.action))].sort()).toEqual(
      [
        "s3:DeleteObject",
        "s3:DeleteObjectVersion",
        "s3:GetObject",
        "s3:GetObjectTagging",
        "s3:GetObjectVersion",
        "s3:GetObjectVersionTagging",
        "s3:ListBucketVersions",
        "s3:PutObjectTagging",
        "s3:PutObjectVersionTagging",
      ].sort(),
    );
  });

  it("allows every call", async () => {
    const denied = [];
    for (const need of needs)
      if ((await decide(role.arn, need, role.policy, bucketPolicy)) !== "Allowed") denied.push(need.action);
    expect(denied).toEqual([]);
  });

  it("needs every action it adds: removing any one from MarkHeldFiles denies some call", async () => {
    const statement = role.policy.Statement.find((s) => s.Sid === "MarkHeldFiles");
    expect(statement && actionsOf(statement).sort()).toEqual([...EXPORT_MARK_HELD].sort());
    for (const action of EXPORT_MARK_HELD) {
      const identity = {
        ...role.policy,
        Statement: role.policy.Statement.map((s) =>
          s.Sid === "MarkHeldFiles" ? { ...s, Action: actionsOf(s).filter((a) => a !== action) } : s,
        ),
      };
      const denied = [];
      for (const need of needs)
        if ((await decide(role.arn, need, identity, bucketPolicy)) !== "Allowed") denied.push(need.action);
      expect(denied, action).toContain(action);
    }
  }, 120_000);

  it("tags only its own dataset's exports", async () => {
    const other = { action: "s3:PutObjectTagging", resource: `arn:aws:s3:::${EXPORT}/other/a.csv` };
    expect(await decide(role.arn, other, role.policy, bucketPolicy)).not.toBe("Allowed");
  });
});

describe("datasets without a contract keep exactly the grants they had", () => {
  const policyOf = (text: string, contract?: DataContract) =>
    buildPlan(withContract(configOf([{ kind: "push", path: "push_datasets/ds.yaml", text }]), contract)).value.push[0]
      ?.role.policy;

  it("adds no tagging to a dataset without keep_files or a contract", () => {
    const statements = policyOf(TEXT)?.Statement.map((s) => s.Sid);
    expect(statements).toEqual(["ReadAndDeleteExports", "ListOwnExportVersions", "WriteToTarget"]);
  });

  it("gives a keep_files dataset with a contract the same policy as without: the mark's statement covers the hold", () => {
    const kept = `${TEXT}keep_files: true\n`;
    expect(policyOf(kept, CONTRACT)).toEqual(policyOf(kept));
  });
});
