import { anonymousPrincipal, runSimulation, type SimulationRequestPrincipal } from "@cloud-copilot/iam-simulate";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { generateTexts } from "../../bench/generate";
import type { Config } from "../../src/config/config";
import { loadConfig } from "../../src/config/loadConfig";
import { bucketArn, objectsArn } from "../../src/plan/arns";
import { moverRoleName } from "../../src/plan/names";
import { moverFunctionRoleArn } from "../../src/plan/policies/moverRole";
import { receivingBucketStatement } from "../../src/plan/policies/receivingBucketStatement";
import { policy, type PolicyDocument } from "../../src/plan/policyDocument";
import { FIXTURES } from "../support";
import { configOf, deployedPolicies, repoConfig, synthesize } from "../synth";

const PLATFORM = "123456789012";
const RECEIVING_ACCOUNT = "999988887777";
const EVERYTHING = policy({ Sid: "TheirOwnPolicy", Effect: "Allow", Action: "*", Resource: "*" });

type Decision = "Allowed" | "ImplicitlyDenied" | "ExplicitlyDenied";
interface Request {
  principal: SimulationRequestPrincipal;
  action: string;
  resource: string;
  account?: string | undefined;
  identity?: PolicyDocument | undefined;
  resourcePolicy?: PolicyDocument | undefined;
  transport?: "tls1.3" | "tls1.1" | "http" | undefined;
  context?: Record<string, string> | undefined;
}

/** The simulator's verdict on one request, with the transport a caller would use. */
async function decide(r: Request): Promise<Decision> {
  const transport = r.transport ?? "tls1.3";
  const context: Record<string, string> = {
    "aws:SecureTransport": transport === "http" ? "false" : "true",
    ...(transport === "http" ? {} : { "s3:TlsVersion": transport === "tls1.1" ? "1.1" : "1.3" }),
    ...(typeof r.principal === "string" ? { "aws:PrincipalArn": r.principal } : {}),
    // S3 puts the account that owns the bucket into every request's context.
    ...(r.action.startsWith("s3:") ? { "s3:ResourceAccount": r.account ?? PLATFORM } : {}),
    ...r.context,
  };
  const result = await runSimulation(
    {
      request: {
        principal: r.principal,
        action: r.action,
        resource: { resource: r.resource, accountId: r.account ?? PLATFORM },
        contextVariables: context,
      },
      identityPolicies: r.identity ? [{ name: "identity", policy: r.identity }] : [],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      ...(r.resourcePolicy ? { resourcePolicy: r.resourcePolicy } : {}),
      additionalSettings: { s3: { blockPublicAccess: true } },
    },
    {},
  );
  if (result.resultType === "error") throw new Error(JSON.stringify(result.errors));
  return result.overallResult;
}

const userRole = (user: string) => `arn:aws:iam::${PLATFORM}:role/${user}`;
const obj = (bucket: string, key: string) => `${objectsArn(bucket).slice(0, -1)}${key}`;

describe.each([
  { name: "this repository's datasets", load: repoConfig },
  { name: "a generated set of 30 push and 30 pull datasets", load: async () => configOf(generateTexts(30, 30, 40)) },
])("access for $name, evaluated on the synthesized policies", ({ load }) => {
  let config: Config;
  let deployed: ReturnType<typeof deployedPolicies>;
  const exportBucket = "mojap-hub-exports";
  const exportPolicy = () => deployed.buckets.get(exportBucket) as PolicyDocument;

  beforeAll(async () => {
    config = await load();
    deployed = deployedPolicies(synthesize(config).templates);
  }, 120_000);

  it("lets each push dataset's users write under its prefix, and nothing else in the export bucket", async () => {
    for (const d of config.push) {
      const other = config.push.find((o) => o.name !== d.name && !o.users.some((u) => d.users.includes(u)));
      for (const user of d.users) {
        const asUser = (action: string, resource: string, transport?: Request["transport"]) =>
          decide({
            principal: userRole(user),
            action,
            resource,
            identity: deployed.users.get(user),
            resourcePolicy: exportPolicy(),
            ...(transport ? { transport } : {}),
          });
        expect(
          await asUser("s3:PutObject", obj(exportBucket, `${d.name}/2026/data file.csv`)),
          `${user} writes ${d.name}`,
        ).toBe("Allowed");
        expect(await asUser("s3:AbortMultipartUpload", obj(exportBucket, `${d.name}/big.parquet`))).toBe("Allowed");
        // Sealing a batch (exports seal, or the AWS CLI) is one more PutObject under the prefix: no new grant (decision 0018).
        expect(await asUser("s3:PutObject", obj(exportBucket, `${d.name}/2026-12/_seal`)), `${user} seals`).toBe(
          "Allowed",
        );
        expect(await asUser("s3:PutObject", obj(exportBucket, "at-the-root.csv")), "the bucket's root").not.toBe(
          "Allowed",
        );
        expect(
          await asUser("s3:PutObject", obj(exportBucket, `${d.name}x/sneaky.csv`)),
          "a prefix that only starts the same",
        ).not.toBe("Allowed");
        if (other)
          expect(
            await asUser("s3:PutObject", obj(exportBucket, `${other.name}/x.csv`)),
            `${user} into ${other.name}`,
          ).not.toBe("Allowed");
        expect(await asUser("s3:GetObject", obj(exportBucket, `${d.name}/x.csv`)), "no reading back").not.toBe(
          "Allowed",
        );
        expect(await asUser("s3:DeleteObject", obj(exportBucket, `${d.name}/x.csv`))).not.toBe("Allowed");
        expect(await asUser("s3:ListBucket", bucketArn(exportBucket))).not.toBe("Allowed");
        expect(await asUser("s3:PutObject", obj(exportBucket, `${d.name}/x.csv`), "http"), "plain HTTP").toBe(
          "ExplicitlyDenied",
        );
        expect(await asUser("s3:PutObject", obj(exportBucket, `${d.name}/x.csv`), "tls1.1"), "TLS below 1.2").toBe(
          "ExplicitlyDenied",
        );
      }
    }
  });

  it("refuses uploads the mover could not read: SSE-C, or another account's KMS key", async () => {
    const d = config.push[0];
    const user = d?.users[0];
    if (!d || !user) throw new Error("no push dataset");
    const upload = (context: Record<string, string>) =>
      decide({
        principal: userRole(user),
        action: "s3:PutObject",
        resource: obj(exportBucket, `${d.name}/x.csv`),
        identity: deployed.users.get(user),
        resourcePolicy: exportPolicy(),
        context,
      });
    const ownKey = `arn:aws:kms:${config.settings.region}:${PLATFORM}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
    const theirKey = `arn:aws:kms:${config.settings.region}:${RECEIVING_ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
    expect(await upload({}), "no encryption header").toBe("Allowed");
    expect(await upload({ "s3:x-amz-server-side-encryption": "aws:kms" }), "the account's default key").toBe("Allowed");
    expect(await upload({ "s3:x-amz-server-side-encryption-aws-kms-key-id": ownKey }), "a key of the platform").toBe(
      "Allowed",
    );
    expect(await upload({ "s3:x-amz-server-side-encryption-aws-kms-key-id": theirKey }), "another account's key").toBe(
      "ExplicitlyDenied",
    );
    expect(await upload({ "s3:x-amz-server-side-encryption-customer-algorithm": "AES256" }), "SSE-C").toBe(
      "ExplicitlyDenied",
    );
  });

  it("lets each mover role read and delete only its dataset's exports, and write only to its own target", async () => {
    for (const d of config.push) {
      const role = deployed.roles.get(moverRoleName(d.name));
      expect(role, d.name).toBeDefined();
      const principal = `arn:aws:iam::${PLATFORM}:role/service-role/${moverRoleName(d.name)}`;
      const asRole = (action: string, resource: string, extra: Partial<Request> = {}) =>
        decide({ principal, action, resource, identity: role?.policy, ...extra });
      const receiving = (dataset: typeof d) => policy(receivingBucketStatement(dataset, config.settings));
      expect(
        await asRole("s3:GetObject", obj(exportBucket, `${d.name}/a.csv`), { resourcePolicy: exportPolicy() }),
      ).toBe("Allowed");
      expect(
        await asRole("s3:DeleteObject", obj(exportBucket, `${d.name}/a.csv`), { resourcePolicy: exportPolicy() }),
      ).toBe("Allowed");
      expect(
        await asRole("s3:PutObject", obj(d.bucket, `${d.name}/a.csv`), {
          account: RECEIVING_ACCOUNT,
          resourcePolicy: receiving(d),
        }),
        "delivery",
      ).toBe("Allowed");
      // A sealed batch's manifest, its signature and the public key: under the dataset's prefix, as
      // the receiving statement already allows (decision 0018); with the copies' ACL.
      for (const name of ["_manifest.json", "_manifest.json.sig", "_data-exports-public-key.pem"])
        for (const action of ["s3:PutObject", "s3:PutObjectAcl"])
          expect(
            await asRole(action, obj(d.bucket, `${d.name}/2026-12/${name}`), {
              account: RECEIVING_ACCOUNT,
              resourcePolicy: receiving(d),
            }),
            `${action} ${name}`,
          ).toBe("Allowed");
      // The seal: read, then removed, in the export bucket.
      for (const action of ["s3:GetObject", "s3:DeleteObjectVersion"])
        expect(
          await asRole(action, obj(exportBucket, `${d.name}/2026-12/_seal`), { resourcePolicy: exportPolicy() }),
        ).toBe("Allowed");
      expect(
        await asRole("s3:PutObject", obj(d.bucket, "outside-the-prefix.csv"), {
          account: RECEIVING_ACCOUNT,
          resourcePolicy: receiving(d),
        }),
      ).not.toBe("Allowed");
      expect(
        await asRole("s3:PutObject", obj(exportBucket, `${d.name}/a.csv`), { resourcePolicy: exportPolicy() }),
        "no writing exports",
      ).not.toBe("Allowed");
      // A target that turns out to be a bucket of the platform's own account (a name no rule
      // knows): there the role's own policy would be enough, with no statement from anyone.
      for (const action of ["s3:PutObject", "s3:PutObjectAcl", "s3:AbortMultipartUpload"])
        expect(
          await asRole(action, obj(d.bucket, `${d.name}/a.csv`), { account: PLATFORM }),
          `${action} into a bucket of the platform's account`,
        ).not.toBe("Allowed");
      const listing = (prefix: string) =>
        asRole("s3:ListBucketVersions", bucketArn(exportBucket), {
          resourcePolicy: exportPolicy(),
          context: { "s3:prefix": prefix },
        });
      expect(await listing(`${d.name}/a.csv`), "versions of its own keys").toBe("Allowed");
      expect(await listing(""), "the whole bucket").not.toBe("Allowed");
      const other = config.push.find((o) => o.name !== d.name && o.bucket !== d.bucket);
      if (other) {
        expect(
          await asRole("s3:GetObject", obj(exportBucket, `${other.name}/a.csv`), { resourcePolicy: exportPolicy() }),
        ).not.toBe("Allowed");
        expect(
          await asRole("s3:DeleteObject", obj(exportBucket, `${other.name}/a.csv`), { resourcePolicy: exportPolicy() }),
        ).not.toBe("Allowed");
        expect(await listing(`${other.name}/a.csv`), "another dataset's keys").not.toBe("Allowed");
        expect(
          await asRole("s3:PutObject", obj(other.bucket, `${other.name}/a.csv`), {
            account: RECEIVING_ACCOUNT,
            resourcePolicy: receiving(other),
          }),
          "another dataset's target",
        ).not.toBe("Allowed");
      }
      const assume = (who: string, identity: PolicyDocument) =>
        decide({
          principal: who,
          action: "sts:AssumeRole",
          resource: principal,
          identity,
          resourcePolicy: role?.trust,
        });
      expect(await assume(moverFunctionRoleArn(config.settings), EVERYTHING), "the mover assumes it").toBe("Allowed");
      expect(await assume(userRole(d.users[0] as string), EVERYTHING), "a platform user cannot").not.toBe("Allowed");
    }
  });

  it("lets each pull dataset's principals list and read its bucket, write only with allow_push, and never delete", async () => {
    for (const d of config.pull) {
      const bucketPolicy = deployed.buckets.get(d.bucket) as PolicyDocument;
      expect(bucketPolicy, d.bucket).toBeDefined();
      for (const arn of d.pullArns) {
        const asPrincipal = (action: string, resource: string, transport?: Request["transport"]) =>
          decide({
            principal: arn,
            action,
            resource,
            identity: EVERYTHING,
            resourcePolicy: bucketPolicy,
            ...(transport ? { transport } : {}),
          });
        expect(await asPrincipal("s3:GetObject", obj(d.bucket, "reports/a.csv")), `${arn} reads ${d.bucket}`).toBe(
          "Allowed",
        );
        expect(await asPrincipal("s3:ListBucket", bucketArn(d.bucket))).toBe("Allowed");
        expect(
          await asPrincipal("s3:PutObject", obj(d.bucket, "in/a.csv")),
          `write with allow_push=${d.allowPush}`,
        ).toBe(d.allowPush ? "Allowed" : "ImplicitlyDenied");
        expect(await asPrincipal("s3:DeleteObject", obj(d.bucket, "reports/a.csv"))).not.toBe("Allowed");
        expect(await asPrincipal("s3:PutBucketPolicy", bucketArn(d.bucket))).not.toBe("Allowed");
        expect(await asPrincipal("s3:GetObject", obj(d.bucket, "a.csv"), "http")).toBe("ExplicitlyDenied");
        expect(await asPrincipal("s3:GetObject", obj(d.bucket, "a.csv"), "tls1.1")).toBe("ExplicitlyDenied");
        const account = arn.split(":")[4] as string;
        const impostor = `arn:aws:iam::${account}:role/someone-else`;
        expect(
          await decide({
            principal: impostor,
            action: "s3:GetObject",
            resource: obj(d.bucket, "a.csv"),
            identity: EVERYTHING,
            resourcePolicy: bucketPolicy,
          }),
          "another role of the same account",
        ).not.toBe("Allowed");
      }
      const stranger = `arn:aws:iam::555566667777:role/${d.pullArns[0]?.split("/").pop() ?? "reader"}`;
      expect(
        await decide({
          principal: stranger,
          action: "s3:GetObject",
          resource: obj(d.bucket, "a.csv"),
          identity: EVERYTHING,
          resourcePolicy: bucketPolicy,
        }),
        "a role of another account",
      ).not.toBe("Allowed");
      expect(
        await decide({
          principal: anonymousPrincipal,
          action: "s3:GetObject",
          resource: obj(d.bucket, "a.csv"),
          resourcePolicy: bucketPolicy,
        }),
        "anonymous",
      ).not.toBe("Allowed");
    }
  });

  it("lets each pull dataset's users read, write and delete in its bucket, and nobody else on the platform", async () => {
    const allUsers = [...deployed.users.keys()];
    for (const d of config.pull) {
      const bucketPolicy = deployed.buckets.get(d.bucket) as PolicyDocument;
      const asUser = (user: string, action: string, resource: string) =>
        decide({
          principal: userRole(user),
          action,
          resource,
          identity: deployed.users.get(user),
          resourcePolicy: bucketPolicy,
        });
      for (const user of d.users) {
        for (const action of ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"])
          expect(await asUser(user, action, obj(d.bucket, "x/y.csv")), `${user} ${action}`).toBe("Allowed");
        expect(await asUser(user, "s3:ListBucket", bucketArn(d.bucket))).toBe("Allowed");
        expect(await asUser(user, "s3:PutBucketPolicy", bucketArn(d.bucket)), "no changing the bucket").not.toBe(
          "Allowed",
        );
      }
      const outsider = allUsers.find((u) => !d.users.includes(u));
      if (outsider)
        expect(
          await asUser(outsider, "s3:GetObject", obj(d.bucket, "x.csv")),
          `${outsider} is not in ${d.name}`,
        ).not.toBe("Allowed");
    }
  });

  it("lets S3 deliver server access logs into the access-log bucket only for the export bucket and the pull buckets", async () => {
    const logs = `${exportBucket}-access-logs`;
    const delivery = (source: string) =>
      decide({
        principal: "logging.s3.amazonaws.com",
        action: "s3:PutObject",
        resource: obj(logs, `${source}/2026-12-07-10-00-00-ABCDEF`),
        resourcePolicy: deployed.buckets.get(logs),
        context: { "aws:SourceAccount": PLATFORM, "aws:SourceArn": bucketArn(source) },
      });
    expect(await delivery(exportBucket), "the export bucket's logs").toBe("Allowed");
    for (const d of config.pull) expect(await delivery(d.bucket), `${d.bucket}'s logs`).toBe("Allowed");
    // Another team's bucket in the platform's account, logging into ours: its records would mix with the audit trail.
    expect(await delivery("another-teams-bucket"), "another bucket of the account").not.toBe("Allowed");
  });

  it("gives an anonymous caller nothing in the export bucket", async () => {
    for (const action of ["s3:PutObject", "s3:GetObject"]) {
      expect(
        await decide({
          principal: anonymousPrincipal,
          action,
          resource: obj(exportBucket, `${config.push[0]?.name}/x.csv`),
          resourcePolicy: exportPolicy(),
        }),
      ).not.toBe("Allowed");
    }
  });
});

describe("access that ends with its agreement, at request times either side of the end of 2026-12-31 in London", () => {
  let deployed: ReturnType<typeof deployedPolicies>;
  let config: Config;
  const exportBucket = "mojap-hub-exports";
  const LAST_SECOND = "2026-12-31T23:59:59Z";
  const FIRST_EXPIRED = "2027-01-01T00:00:00Z";
  const times = [
    { at: LAST_SECOND, allowed: true },
    { at: FIRST_EXPIRED, allowed: false },
  ];

  beforeAll(async () => {
    config = (await loadConfig(join(FIXTURES, "repos/expiring"))).value;
    // Deployed on the last day: the grants are there, and must end on their own.
    deployed = deployedPolicies(synthesize(config, { now: new Date(LAST_SECOND) }).templates);
  }, 120_000);

  const at = (time: string) => ({ "aws:CurrentTime": time });

  it.each(times)(
    "at $at, a push dataset's users write and its mover moves only while access lasts",
    async ({ at: time, allowed }) => {
      const exportPolicy = deployed.buckets.get(exportBucket) as PolicyDocument;
      for (const user of ["alpha_user_ana", "alpha_user_ben"]) {
        expect(
          await decide({
            principal: userRole(user),
            action: "s3:PutObject",
            resource: obj(exportBucket, "court_feed/2027/a.csv"),
            identity: deployed.users.get(user),
            resourcePolicy: exportPolicy,
            context: at(time),
          }),
          `${user} writes court_feed`,
        ).toBe(allowed ? "Allowed" : "ExplicitlyDenied");
      }
      expect(
        await decide({
          principal: userRole("alpha_user_ana"),
          action: "s3:PutObject",
          resource: obj(exportBucket, "open_feed/a.csv"),
          identity: deployed.users.get("alpha_user_ana"),
          resourcePolicy: exportPolicy,
          context: at(time),
        }),
        "a dataset without expires is untouched",
      ).toBe("Allowed");
      const mover = deployed.roles.get(moverRoleName("court_feed"));
      const principal = `arn:aws:iam::${PLATFORM}:role/service-role/${moverRoleName("court_feed")}`;
      const court = config.push.find((d) => d.name === "court_feed") as Config["push"][number];
      for (const [action, resource, account, resourcePolicy] of [
        ["s3:GetObject", obj(exportBucket, "court_feed/a.csv"), PLATFORM, exportPolicy],
        ["s3:DeleteObject", obj(exportBucket, "court_feed/a.csv"), PLATFORM, exportPolicy],
        [
          "s3:PutObject",
          obj("courts-inbound", "court_feed/a.csv"),
          RECEIVING_ACCOUNT,
          policy(receivingBucketStatement(court, config.settings)),
        ],
      ] as const) {
        expect(
          await decide({
            principal,
            action,
            resource,
            account,
            identity: mover?.policy,
            resourcePolicy,
            context: at(time),
          }),
          `the mover role: ${action}`,
        ).toBe(allowed ? "Allowed" : "ImplicitlyDenied");
      }
    },
  );

  it.each(times)(
    "at $at, a pull dataset's principals and users use its bucket only while access lasts",
    async ({ at: time, allowed }) => {
      const bucketPolicy = deployed.buckets.get("mojap-shared-extract") as PolicyDocument;
      const principal = "arn:aws:iam::111122223333:role/extract-reader";
      for (const action of ["s3:GetObject", "s3:PutObject"]) {
        expect(
          await decide({
            principal,
            action,
            resource: obj("mojap-shared-extract", "x.csv"),
            identity: EVERYTHING,
            resourcePolicy: bucketPolicy,
            context: at(time),
          }),
          `the pull principal: ${action}`,
        ).toBe(allowed ? "Allowed" : "ImplicitlyDenied");
      }
      expect(
        await decide({
          principal,
          action: "s3:ListBucket",
          resource: bucketArn("mojap-shared-extract"),
          identity: EVERYTHING,
          resourcePolicy: bucketPolicy,
          context: at(time),
        }),
      ).toBe(allowed ? "Allowed" : "ImplicitlyDenied");
      for (const action of ["s3:GetObject", "s3:DeleteObject"]) {
        expect(
          await decide({
            principal: userRole("alpha_user_ana"),
            action,
            resource: obj("mojap-shared-extract", "x.csv"),
            identity: deployed.users.get("alpha_user_ana"),
            resourcePolicy: bucketPolicy,
            context: at(time),
          }),
          `the platform user: ${action}`,
        ).toBe(allowed ? "Allowed" : "ImplicitlyDenied");
      }
    },
  );
});
