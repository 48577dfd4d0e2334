import { beforeAll, describe, expect, it } from "vitest";
import { CALL_PERMISSIONS, type Need } from "../../src/mover/callPermissions";
import { moveObject, moveObjects, type DatasetRoute, type MoverOptions } from "../../src/mover/moveObject";
import { MIB } from "../../src/mover/parts";
import { routesOf } from "../../src/mover/routes";
import { sweep } from "../../src/mover/sweep";
import { deliveryEvent } from "../../src/delivery/deliveryEvent";
import { MAX_TRIES } from "../../src/mover/retries";
import { sendNotices } from "../../src/delivery/sendNotices";
import { policy, type PolicyDocument, type Statement } from "../../src/plan/policyDocument";
import { checkBatch } from "../../src/custody/checkBatch";
import { manifestSigningKeyPolicy } from "../../src/plan/policies/manifestSigningKey";
import { localSigner } from "../../src/custody/signer";
import { s3Ledger } from "../../src/custody/s3Ledger";
import { ledgerBucketName } from "../../src/config/platformBuckets";
import { recordsKeyPolicy } from "../../src/plan/policies/recordsKey";
import { MemoryLedger, deliveredRecord } from "../custody/memoryLedger";
import { configOf, deployedPolicies, synthesize } from "../synth";
import { FakeS3, s3Error } from "./fakeS3";
import { MOVER_ACCOUNT, decide } from "./iamDecide";

// Every call the mover and the sweep make, on every path, mapped through src/mover/callPermissions.ts
// and evaluated with the IAM simulator against what is deployed and what the plan tells the
// receiving team to add. Sufficient: every call is allowed. Necessary: removing any one granted
// action denies some call, so nothing is granted that no call needs.

const PLATFORM = MOVER_ACCOUNT;
const RECEIVING = "999988887777";
const REGION = "eu-west-1";
const KEY = `arn:aws:kms:${REGION}:${RECEIVING}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const EXPORT = "mojap-hub-exports";
const SIGNING_KEY = `arn:aws:kms:${REGION}:${PLATFORM}:key/0000aaaa-11bb-22cc-33dd-444455556666`;
const RECORDS_KEY = `arn:aws:kms:${REGION}:${PLATFORM}:key/7777bbbb-11bb-22cc-33dd-444455556666`;
const LEDGER = ledgerBucketName(EXPORT);
const OPTIONS: MoverOptions = { exportBucket: EXPORT, multipartThreshold: 8 * MIB, partSize: 5 * MIB, concurrency: 2 };

interface Call {
  command: string;
  input: Record<string, unknown>;
}

/**
 * The mover function's calls on the delivery ledger (decision 0017), made with its own role: a
 * batch's records appended, a sealed batch's folder read back. S3 encrypts with the bucket's
 * default key, the records key, which each call names for the permission table.
 */
async function recordLedgerCalls(dataset: string): Promise<Call[]> {
  const s3 = new FakeS3("aws").bucket(LEDGER, true);
  const ledger = s3Ledger(s3.client(), LEDGER);
  await ledger.append([deliveredRecord(dataset, `${dataset}/sealed/a.csv`, 1, "0".repeat(64))]);
  await ledger.deliveredUnder(dataset, `${dataset}/sealed/`);
  return s3.requests.map((r) =>
    r.command === "ListObjectVersions" ? r : { ...r, input: { ...r.input, SSEKMSKeyId: RECORDS_KEY } },
  );
}

/** The calls of every path through the mover and the sweep, as the dataset's role makes them. */
async function recordDatasetCalls(route: DatasetRoute): Promise<{ mover: Call[]; sweep: Call[]; contract: Call[] }> {
  const mover: Call[] = [];
  const swept: Call[] = [];
  const contract: Call[] = [];
  for (const versioned of [true, false]) {
    const s3 = new FakeS3("aws").bucket(EXPORT, versioned).bucket(route.targetBucket, { requireKmsKey: KEY });
    const client = s3.client();
    const routes = new Map([[route.name, route]]);
    const move = (key: string, versionId?: string) =>
      moveObject({ bucket: EXPORT, key, ...(versionId ? { versionId } : {}) }, routes, () => client, OPTIONS);
    const key = (name: string) => `${route.name}/${name}`;
    // One CopyObject, superseding an older version; then its duplicate event.
    s3.put(EXPORT, key("small.csv"), "first");
    const small = s3.put(EXPORT, key("small.csv"), "second", { tags: { a: "b" } });
    await move(key("small.csv"), small.id);
    // A multipart copy with tags; one whose part fails (aborted); a source without a CRC64NVME.
    s3.put(EXPORT, key("big.bin"), Buffer.alloc(12 * MIB, 1), { tags: { a: "b" } });
    await move(key("big.bin"));
    s3.put(EXPORT, key("broken.bin"), Buffer.alloc(12 * MIB, 2));
    s3.faults = (command) =>
      command === "UploadPartCopy" ? { when: "before", error: s3Error("InternalError", 500) } : undefined;
    await move(key("broken.bin")).catch(() => undefined);
    s3.faults = () => undefined;
    s3.put(EXPORT, key("old.csv"), "no checksum", { checksum: "none" });
    await move(key("old.csv"));
    // A late event for a version that is no longer current, and one where DeleteObjects is refused.
    const older = s3.put(EXPORT, key("late.csv"), "older");
    s3.put(EXPORT, key("late.csv"), "newer");
    await move(key("late.csv"), older.id);
    s3.faults = (command) =>
      command === "DeleteObjects" ? { when: "before", error: s3Error("AccessDenied", 403) } : undefined;
    await move(key("late.csv"));
    s3.faults = () => undefined;
    // A batch: its versions are listed under the keys' common prefix, within the dataset's folder.
    const batch = ["batch/1.csv", "batch/2.csv"].map((name) => {
      const v = s3.put(EXPORT, key(name), name);
      return { bucket: EXPORT, key: key(name), ...(versioned ? { versionId: v.id } : {}) };
    });
    await moveObjects(batch, routes, () => client, OPTIONS);
    // A small file under a contract (decision 0016): read whole by the check, then written to the
    // target with PutObject of those bytes, not copied (issue 27).
    const agreed = new Map([[route.name, { ...route, contract: [{ prefix: "", formats: ["csv" as const] }] }]]);
    s3.put(EXPORT, key("agreed.csv"), "id,name\n1,Ana\n");
    const first = s3.requests.length;
    expect(await moveObject({ bucket: EXPORT, key: key("agreed.csv") }, agreed, () => client, OPTIONS)).toMatchObject({
      outcome: expect.stringMatching(/^(moved|copied)$/),
    });
    contract.push(...s3.requests.slice(first));
    // A sealed batch (decision 0018): its seal read, its folder listed, its signed manifest written
    // into the target with the copies' ACL and encryption, its seal removed.
    s3.put(EXPORT, key("sealed/_seal"), "");
    const ledger = new MemoryLedger();
    await ledger.append([deliveredRecord(route.name, key("sealed/a.csv"), 1, "0".repeat(64))]);
    const custody = { exportBucket: EXPORT, routes, s3For: () => client, ledger, signer: localSigner() };
    expect((await checkBatch(key("sealed/"), new Set(), custody)).state).toBe("complete");
    mover.push(...s3.requests);
    const before = s3.requests.length;
    await sweep(client, routes, { exportBucket: EXPORT, requeueAfterMs: 0, alarmAfterMs: 0, now: new Date() });
    // A keep_files dataset's kept object: the sweep reads its delivery mark (decision 0013).
    s3.put(EXPORT, key("kept.csv"), "kept");
    const kept = new Map([[route.name, { ...route, keepFiles: true }]]);
    await sweep(client, kept, { exportBucket: EXPORT, requeueAfterMs: 0, alarmAfterMs: 0, now: new Date() });
    swept.push(...s3.requests.slice(before));
  }
  return { mover, sweep: swept, contract };
}

type Template = { Resources?: Record<string, { Type: string; Properties?: Record<string, unknown> }> };

/** A role's deployed policy statements, with CloudFormation's references to other resources resolved to ARNs. */
function functionRolePolicy(template: Template, policyIdPrefix: string): PolicyDocument {
  const resources = template.Resources ?? {};
  const arnOf = (id: string): string => {
    const r = resources[id];
    const p = r?.Properties ?? {};
    if (r?.Type === "AWS::SQS::Queue") return `arn:aws:sqs:${REGION}:${PLATFORM}:${String(p.QueueName)}`;
    if (r?.Type === "AWS::Logs::LogGroup")
      return `arn:aws:logs:${REGION}:${PLATFORM}:log-group:${String(p.LogGroupName)}:*`;
    if (r?.Type === "AWS::S3::Bucket") return `arn:aws:s3:::${String(p.BucketName)}`;
    if (r?.Type === "AWS::KMS::Key" && p.EnableKeyRotation === true) return RECORDS_KEY;
    throw new Error(`no ARN for ${id} (${r?.Type})`);
  };
  const resolve = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(resolve);
    if (v && typeof v === "object") {
      const o = v as Record<string, unknown>;
      if (o["Fn::GetAtt"]) return arnOf((o["Fn::GetAtt"] as string[])[0] as string);
      if (o["Fn::Join"]) {
        const [separator, parts] = o["Fn::Join"] as [string, unknown[]];
        return parts.map(resolve).join(separator);
      }
      return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, resolve(x)]));
    }
    return v;
  };
  const found = Object.entries(resources).filter(
    ([id, r]) => r.Type === "AWS::IAM::Policy" && id.startsWith(policyIdPrefix),
  );
  expect(found, policyIdPrefix).toHaveLength(1);
  return resolve((found[0]?.[1].Properties ?? {}).PolicyDocument) as PolicyDocument;
}

/** The records key's deployed key policy: the core stack's rotated key. */
function deployedRecordsKey(template: Template): PolicyDocument {
  const keys = Object.values(template.Resources ?? {}).filter(
    (r) => r.Type === "AWS::KMS::Key" && r.Properties?.EnableKeyRotation === true,
  );
  expect(keys).toHaveLength(1);
  return keys[0]?.Properties?.KeyPolicy as PolicyDocument;
}

/** A principal, its identity policy, and the calls made as it, each with the resource policy and account it meets. */
interface Caller {
  name: string;
  arn: string;
  identity: PolicyDocument;
  calls: Call[];
}

const actionsOf = (s: Statement) => (Array.isArray(s.Action) ? s.Action : [s.Action]);
const without = (document: PolicyDocument, sid: string, action: string): PolicyDocument => ({
  ...document,
  Statement: document.Statement.map((s) =>
    s.Sid === sid ? { ...s, Action: actionsOf(s).filter((a) => a !== action) } : s,
  ).filter((s) => actionsOf(s).length > 0),
});

describe("the grants, call by call, against AWS's documented permissions", () => {
  let callers: Caller[];
  let resourcePolicies: { prefix: string; account: string; document: PolicyDocument; name: string }[];
  let noticeTopic: { topicArn: string; policy: PolicyDocument };
  let contractCalls: Call[];
  let logGroups: string[];

  beforeAll(async () => {
    const config = configOf([
      {
        kind: "push",
        path: "push_datasets/ds.yaml",
        text: `name: ds\nbucket: ds-target\nusers:\n  - alpha_user_ana\nkms_key: ${KEY}\nnotify:\n  - team@example.org\n`,
      },
    ]);
    const { plan, templates } = synthesize(config);
    const deployed = deployedPolicies(templates);
    const core = templates.find((t) => t.name === "DataExports-Core")?.template as Template;
    const push = plan.push[0];
    const role = deployed.roles.get("export_ds-move");
    if (!push?.kmsKeyStatement || !role) throw new Error("the plan has no KMS statement or role for ds");
    const route = routesOf(plan)[0] as DatasetRoute;
    const { mover, sweep: swept, contract } = await recordDatasetCalls(route);
    contractCalls = contract;
    const queueArn = `arn:aws:sqs:${REGION}:${PLATFORM}:${plan.mover.queue}`;
    // The notices the mover function sends for a delivery, recorded as the publisher is called.
    const published: Call[] = [];
    const delivery = deliveryEvent({
      event: { bucket: EXPORT, key: "ds/a.csv" },
      result: { outcome: "moved", key: "ds/a.csv", dataset: "ds" },
      attempt: MAX_TRIES,
      maxAttempts: MAX_TRIES,
      routes: new Map([[route.name, route]]),
      time: new Date(),
    });
    await sendNotices(
      [{ delivery: { ...delivery, outcome: "dead-lettered" }, topicArn: route.noticeTopicArn }],
      async (TopicArn) => void published.push({ command: "Publish", input: { TopicArn } }),
      { error: () => undefined },
      { addMetric: () => undefined },
    );
    if (published.length !== 1 || !push.notify) throw new Error("the mover published no notice for ds");
    noticeTopic = push.notify;
    const logs = (name: string) => ({
      command: "WriteLogs",
      input: {
        LogGroupArn: `arn:aws:logs:${REGION}:${PLATFORM}:log-group:/aws/lambda/${name}`,
        LogStream: "2026/11/25/[$LATEST]0a1b",
      },
    });
    callers = [
      { name: "the dataset's mover role", arn: route.roleArn, identity: role.policy, calls: mover },
      {
        name: "the mover function's role",
        arn: `arn:aws:iam::${PLATFORM}:role/service-role/${plan.mover.roleName}`,
        identity: functionRolePolicy(core, "MoverRoleDefaultPolicy"),
        calls: [
          { command: "AssumeRole", input: { RoleArn: route.roleArn } },
          { command: "PollQueue", input: { QueueArn: queueArn } },
          logs(plan.mover.functionName),
          ...published,
          { command: "Sign", input: { KeyId: SIGNING_KEY } },
          ...(await recordLedgerCalls(route.name)),
        ],
      },
      {
        name: "the sweep function's role",
        arn: `arn:aws:iam::${PLATFORM}:role/data-exports-sweeper`,
        identity: functionRolePolicy(core, "SweeperRoleDefaultPolicy"),
        calls: [...swept, { command: "SendMessageBatch", input: { QueueArn: queueArn } }, logs("data-exports-sweeper")],
      },
    ];
    resourcePolicies = [
      {
        name: "export bucket policy",
        prefix: `arn:aws:s3:::${EXPORT}`,
        account: PLATFORM,
        document: deployed.buckets.get(EXPORT) as PolicyDocument,
      },
      {
        name: "receiving bucket statement",
        prefix: "arn:aws:s3:::ds-target/",
        account: RECEIVING,
        document: policy(push.receivingStatement),
      },
      { name: "KMS key statement", prefix: KEY, account: RECEIVING, document: policy(push.kmsKeyStatement) },
      { name: "dataset role trust", prefix: route.roleArn, account: PLATFORM, document: role.trust },
      { name: "notice topic policy", prefix: push.notify.topicArn, account: PLATFORM, document: push.notify.policy },
      {
        name: "manifest signing key policy",
        prefix: SIGNING_KEY,
        account: PLATFORM,
        document: manifestSigningKeyPolicy(plan.settings),
      },
      {
        name: "ledger bucket policy",
        prefix: `arn:aws:s3:::${LEDGER}`,
        account: PLATFORM,
        document: deployed.buckets.get(LEDGER) as PolicyDocument,
      },
      { name: "records key policy", prefix: RECORDS_KEY, account: PLATFORM, document: deployedRecordsKey(core) },
    ];
    logGroups = [plan.mover.functionName, "data-exports-sweeper"].map(
      (f) => `arn:aws:logs:${REGION}:${PLATFORM}:log-group:/aws/lambda/${f}`,
    );
    expect(deployedRecordsKey(core)).toEqual(
      recordsKeyPolicy(
        plan.settings,
        [plan.mover.functionName, "data-exports-sweeper"].map((f) => `/aws/lambda/${f}`),
      ),
    );
  }, 120_000);

  /** Every need of a caller's calls, once each, with the resource policy it meets. */
  const needsOf = (caller: Caller) => {
    const unique = new Map<string, Need>();
    for (const call of caller.calls) {
      const permission = CALL_PERMISSIONS[call.command];
      if (!permission) throw new Error(`${call.command} is not in the call-to-action table`);
      for (const need of permission.needs(call.input)) unique.set(JSON.stringify(need), need);
    }
    return [...unique.values()];
  };
  const denied = async (
    caller: Caller,
    identity: PolicyDocument,
    swap?: { name: string; document: PolicyDocument },
  ) => {
    const out: string[] = [];
    for (const need of needsOf(caller)) {
      const meets = resourcePolicies.find((r) => need.resource.startsWith(r.prefix));
      const document = meets && swap?.name === meets.name ? swap.document : meets?.document;
      const decision = await decide(caller.arn, need, identity, document, meets?.account ?? PLATFORM);
      if (decision !== "Allowed") out.push(`${need.action} on ${need.resource}: ${decision}`);
    }
    return out;
  };

  it("records every call the mover and the sweep make, and the table knows each", () => {
    const commands = new Set(callers.flatMap((c) => c.calls.map((call) => call.command)));
    expect([...commands].sort()).toEqual(
      [
        "AbortMultipartUpload",
        "AssumeRole",
        "CompleteMultipartUpload",
        "CopyObject",
        "CreateMultipartUpload",
        "DeleteObject",
        "DeleteObjects",
        "GetObject",
        "GetObjectTagging",
        "HeadObject",
        "ListObjectVersions",
        "ListObjectsV2",
        "PollQueue",
        "Publish",
        "PutObject",
        "Sign",
        "SendMessageBatch",
        "UploadPartCopy",
        "WriteLogs",
      ].sort(),
    );
  });

  it("allows the PutObject that writes a contract's small file from the bytes its check read (issue 27), and needs each of its grants", async () => {
    const dataset = callers[0] as Caller;
    const puts = contractCalls.filter((c) => c.command === "PutObject");
    expect(puts.map((c) => c.input.Bucket)).toEqual(["ds-target", "ds-target"]);
    expect(contractCalls.map((c) => c.command)).not.toContain("CopyObject");
    const caller = { ...dataset, calls: puts };
    expect(await denied(caller, caller.identity)).toEqual([]);
    const needed: string[] = [];
    for (const statement of caller.identity.Statement.filter((s) => s.Effect === "Allow"))
      for (const action of actionsOf(statement))
        if ((await denied(caller, without(caller.identity, statement.Sid, action))).length > 0) needed.push(action);
    for (const r of resourcePolicies.filter((p) =>
      ["receiving bucket statement", "KMS key statement"].includes(p.name),
    ))
      for (const statement of r.document.Statement)
        for (const action of actionsOf(statement)) {
          const swap = { name: r.name, document: without(r.document, statement.Sid, action) };
          if ((await denied(caller, caller.identity, swap)).length > 0) needed.push(`${r.name}: ${action}`);
        }
    expect(needed.sort()).toEqual(
      [
        "s3:PutObject",
        "s3:PutObjectAcl",
        "kms:GenerateDataKey",
        "receiving bucket statement: s3:PutObject",
        "receiving bucket statement: s3:PutObjectAcl",
        "KMS key statement: kms:GenerateDataKey",
      ].sort(),
    );
  });

  it("lists a batch's versions under the keys' common prefix", () => {
    const prefixes = (callers[0] as Caller).calls
      .filter((c) => c.command === "ListObjectVersions")
      .map((c) => c.input.Prefix);
    expect(prefixes).toContain("ds/batch/");
  });

  it("allows every call", async () => {
    for (const caller of callers) expect(await denied(caller, caller.identity), caller.name).toEqual([]);
  });

  it("grants no action that no call needs: removing any one denies some call", async () => {
    const unneeded: string[] = [];
    for (const caller of callers) {
      for (const statement of caller.identity.Statement.filter((s) => s.Effect === "Allow")) {
        for (const action of actionsOf(statement)) {
          const identity = without(caller.identity, statement.Sid, action);
          if ((await denied(caller, identity)).length === 0)
            unneeded.push(`${caller.name}: ${statement.Sid} ${action}`);
        }
      }
    }
    const dataset = callers[0] as Caller;
    for (const r of resourcePolicies.filter(
      (p) =>
        ![
          "export bucket policy",
          "dataset role trust",
          "notice topic policy",
          "manifest signing key policy",
          "ledger bucket policy",
          "records key policy",
        ].includes(p.name),
    )) {
      for (const statement of r.document.Statement) {
        for (const action of actionsOf(statement)) {
          if (
            (
              await denied(dataset, dataset.identity, {
                name: r.name,
                document: without(r.document, statement.Sid, action),
              })
            ).length === 0
          )
            unneeded.push(`${r.name}: ${action}`);
        }
      }
    }
    expect(unneeded).toEqual([]);
  }, 120_000);

  it("lets only the mover function sign manifests: the key policy names it, and gives the account no Sign", async () => {
    const mover = callers[1] as Caller;
    const keyPolicy = resourcePolicies.find((r) => r.name === "manifest signing key policy")
      ?.document as PolicyDocument;
    const sign = (principal: string, identity: PolicyDocument, document = keyPolicy, action = "kms:Sign") =>
      decide(principal, { action, resource: SIGNING_KEY }, identity, document, PLATFORM);
    expect(await sign(mover.arn, mover.identity)).toBe("Allowed");
    expect(await sign(mover.arn, mover.identity, without(keyPolicy, "MoverSignsManifests", "kms:Sign"))).not.toBe(
      "Allowed",
    );
    // An operator whose own policy allows every KMS action may read the public key, and not sign.
    const operator = `arn:aws:iam::${PLATFORM}:role/operator`;
    const everything = policy({ Sid: "All", Effect: "Allow", Action: "kms:*", Resource: "*" });
    expect(await sign(operator, everything)).not.toBe("Allowed");
    expect(await sign(operator, everything, keyPolicy, "kms:GetPublicKey")).toBe("Allowed");
    // The dataset roles, which touch the receiving teams' data, cannot sign either.
    expect(await sign((callers[0] as Caller).arn, everything)).not.toBe("Allowed");
  });

  it("lets the mover append records, and no one (the mover, an operator, a dataset role) delete or re-time one", async () => {
    const mover = callers[1] as Caller;
    const dataset = callers[0] as Caller;
    const ledgerPolicy = resourcePolicies.find((r) => r.name === "ledger bucket policy")?.document as PolicyDocument;
    const on = (
      caller: { arn: string; identity: PolicyDocument },
      action: string,
      context: Record<string, string> = {},
    ) =>
      decide(
        caller.arn,
        { action, resource: `arn:aws:s3:::${LEDGER}/records/ds/2026/12/07/x.jsonl`, context },
        caller.identity,
        ledgerPolicy,
        PLATFORM,
      );
    const newObject = { "s3:if-none-match": "*" };
    // What would remove a record or shorten its life.
    const tamper = [
      "s3:DeleteObject",
      "s3:DeleteObjectVersion",
      "s3:PutObjectRetention",
      "s3:BypassGovernanceRetention",
    ];
    expect(await on(mover, "s3:PutObject", newObject)).toBe("Allowed");
    // Only as a new object: a write that could replace one is refused, to the mover too.
    expect(await on(mover, "s3:PutObject")).toBe("ExplicitlyDenied");
    for (const action of tamper) expect(await on(mover, action), action).not.toBe("Allowed");
    // An operator whose own policy allows every S3 and KMS action reads records, and changes none.
    const operator = {
      arn: `arn:aws:iam::${PLATFORM}:role/operator`,
      identity: policy({ Sid: "All", Effect: "Allow", Action: ["s3:*", "kms:*"], Resource: "*" }),
    };
    expect(await on(operator, "s3:GetObjectVersion")).toBe("Allowed");
    for (const action of tamper) expect(await on(operator, action), action).toBe("ExplicitlyDenied");
    expect(await on(operator, "s3:PutObject", newObject)).toBe("ExplicitlyDenied");
    // A dataset's role, with its own policy or with everything, writes and deletes nothing there.
    for (const identity of [dataset.identity, operator.identity]) {
      const role = { arn: dataset.arn, identity };
      expect(await on(role, "s3:PutObject", newObject)).not.toBe("Allowed");
      expect(await on(role, "s3:DeleteObjectVersion")).not.toBe("Allowed");
    }
  });

  it("lets the operator use the records key only through S3, never disable or delete it; Logs only for the functions' groups", async () => {
    const keyPolicy = resourcePolicies.find((r) => r.name === "records key policy")?.document as PolicyDocument;
    const everything = policy({ Sid: "All", Effect: "Allow", Action: "kms:*", Resource: "*" });
    const operator = `arn:aws:iam::${PLATFORM}:role/operator`;
    const use = (action: string, context: Record<string, string> = {}) =>
      decide(operator, { action, resource: RECORDS_KEY, context }, everything, keyPolicy, PLATFORM);
    const viaS3 = { "kms:ViaService": `s3.${REGION}.amazonaws.com` };
    expect(await use("kms:Decrypt", viaS3)).toBe("Allowed");
    expect(await use("kms:Decrypt")).not.toBe("Allowed");
    for (const action of ["kms:ScheduleKeyDeletion", "kms:DisableKey", "kms:DisableKeyRotation"])
      expect(await use(action), action).not.toBe("Allowed");
    expect(await use("kms:DescribeKey")).toBe("Allowed");
    // CloudWatch Logs, for the functions' log groups only, named in the encryption context it
    // sends. The simulator does not evaluate kms:EncryptionContext keys, so the statement is read.
    const forLogs = keyPolicy.Statement.find((st) => st.Sid === "LogsEncryptFunctionLogs");
    expect(forLogs?.Principal).toEqual({ Service: `logs.${REGION}.amazonaws.com` });
    expect(forLogs?.Condition).toEqual({ ArnEquals: { "kms:EncryptionContext:aws:logs:arn": logGroups } });
  });

  it("lets the mover function publish only to notice topics, only over TLS", async () => {
    const mover = callers[1] as Caller;
    const publish = (resource: string, context: Record<string, string> = {}) =>
      decide(
        mover.arn,
        { action: "sns:Publish", resource, context },
        mover.identity,
        resource === noticeTopic.topicArn ? noticeTopic.policy : undefined,
        PLATFORM,
      );
    expect(await publish(noticeTopic.topicArn)).toBe("Allowed");
    expect(await publish(`arn:aws:sns:${REGION}:${PLATFORM}:data-exports-notify-other_dataset`)).toBe("Allowed");
    expect(await publish(noticeTopic.topicArn, { "aws:SecureTransport": "false" })).toBe("ExplicitlyDenied");
    for (const other of [
      `arn:aws:sns:${REGION}:${PLATFORM}:data-exports-alarms`,
      `arn:aws:sns:${REGION}:${RECEIVING}:data-exports-notify-ds`,
      `arn:aws:sns:us-east-1:${PLATFORM}:data-exports-notify-ds`,
    ])
      expect(await publish(other), other).toBe("ImplicitlyDenied");
    // The dataset's own role, which copies the data, may not publish at all.
    const dataset = callers[0] as Caller;
    expect(
      await decide(
        dataset.arn,
        { action: "sns:Publish", resource: noticeTopic.topicArn },
        dataset.identity,
        noticeTopic.policy,
        PLATFORM,
      ),
    ).toBe("ImplicitlyDenied");
  });
});

describe("the grants of a dataset with expires, call by call, either side of its end (2026-12-31, London)", () => {
  const LAST_SECOND = "2026-12-31T23:59:59Z";
  const FIRST_EXPIRED = "2027-01-01T00:00:00Z";
  let role: { arn: string; policy: PolicyDocument };
  let needs: Need[];
  let resourcePolicies: { prefix: string; account: string; document: PolicyDocument }[];

  beforeAll(async () => {
    // keep_files and kms_key too: the delivery marks and the receiving key are grants like any other.
    const config = configOf([
      {
        kind: "push",
        path: "push_datasets/ds.yaml",
        text: `name: ds\nbucket: ds-target\nusers:\n  - alpha_user_ana\nkeep_files: true\nkms_key: ${KEY}\nexpires: 2026-12-31\n`,
      },
    ]);
    const { plan, templates } = synthesize(config, { now: new Date(LAST_SECOND) });
    const deployed = deployedPolicies(templates);
    const push = plan.push[0];
    const document = deployed.roles.get("export_ds-move");
    if (!push?.kmsKeyStatement || !document) throw new Error("the plan has no KMS statement or role for ds");
    const route = routesOf(plan)[0] as DatasetRoute;
    role = { arn: route.roleArn, policy: document.policy };
    const unique = new Map<string, Need>();
    for (const call of (await recordDatasetCalls(route)).mover) {
      const permission = CALL_PERMISSIONS[call.command];
      if (!permission) throw new Error(`${call.command} is not in the call-to-action table`);
      for (const need of permission.needs(call.input)) unique.set(JSON.stringify(need), need);
    }
    needs = [...unique.values()];
    resourcePolicies = [
      { prefix: `arn:aws:s3:::${EXPORT}`, account: PLATFORM, document: deployed.buckets.get(EXPORT) as PolicyDocument },
      { prefix: "arn:aws:s3:::ds-target/", account: RECEIVING, document: policy(push.receivingStatement) },
      { prefix: KEY, account: RECEIVING, document: policy(push.kmsKeyStatement) },
    ];
  }, 120_000);

  const decisions = async (time: string) => {
    const out: string[] = [];
    for (const need of needs) {
      const meets = resourcePolicies.find((r) => need.resource.startsWith(r.prefix));
      const at = { ...need, context: { ...need.context, "aws:CurrentTime": time } };
      out.push(
        `${need.action}: ${await decide(role.arn, at, role.policy, meets?.document, meets?.account ?? PLATFORM)}`,
      );
    }
    return out;
  };

  it("records the delivery-mark and KMS calls among the mover role's calls", () => {
    const actions = new Set(needs.map((n) => n.action));
    for (const action of [
      "s3:GetObjectTagging",
      "s3:GetObjectVersionTagging",
      "s3:PutObjectTagging",
      "s3:PutObjectVersionTagging",
      "kms:GenerateDataKey",
      "kms:Decrypt",
    ])
      expect(actions, action).toContain(action);
  });

  it("needs every delivery-mark action it grants: removing any one denies some call", async () => {
    const marks = role.policy.Statement.find((s) => s.Sid === "MarkKeptDeliveries");
    if (!marks) throw new Error("the keep_files role has no MarkKeptDeliveries statement");
    for (const action of actionsOf(marks)) {
      const denied: string[] = [];
      for (const need of needs) {
        const meets = resourcePolicies.find((r) => need.resource.startsWith(r.prefix));
        const at = { ...need, context: { ...need.context, "aws:CurrentTime": LAST_SECOND } };
        const identity = without(role.policy, "MarkKeptDeliveries", action);
        if ((await decide(role.arn, at, identity, meets?.document, meets?.account ?? PLATFORM)) !== "Allowed")
          denied.push(need.action);
      }
      expect(denied, action).toContain(action);
    }
  });

  it("allows every call of the mover role on the last second of the last day", async () => {
    expect((await decisions(LAST_SECOND)).filter((d) => !d.endsWith(": Allowed"))).toEqual([]);
  });

  it("allows none from the first instant after it, though nothing was deployed since", async () => {
    expect((await decisions(FIRST_EXPIRED)).filter((d) => d.endsWith(": Allowed"))).toEqual([]);
  });
});
