import { createHash } from "node:crypto";
import { ledgerBucketName } from "../config/platformBuckets";
import { SWEEP_READ_MARKS } from "../plan/actions";
import { accountOf, bucketArn, objectsArn } from "../plan/arns";
import type { Plan } from "../plan/plan";
import { policy, type PolicyDocument, type Statement } from "../plan/policyDocument";
import type { DatasetRoute } from "../mover/moveObject";
import { routesOf } from "../mover/routes";
import { localFederatedRoles, type LocalOidcProvider } from "./federation/localFederation";
import type { IssuerHost } from "./federation/localIssuers";

/**
 * What the local engine needs to stand in for AWS: the plan translated where the engine differs.
 * Every translation is here, and docs/local-platform.md lists them:
 * - IAM roles: RGW refuses `_` in role names, so `export_<name>-move` becomes `export-<name>-move`;
 *   the engine's role ARNs have no account (`arn:aws:iam:::role/...`). The mover's routes are the
 *   plan's own (`routesOf`: the AWS role ARN that messages name, `bucket_owner`), except for the
 *   KMS key the engine does not have; the local mover assumes each role by its engine name.
 * - Pull principals: another account's role becomes a user in a tenant named after the account,
 *   who assumes a stand-in role in the platform's tenant. The pull bucket's policy names that
 *   role (RGW evaluates neither account principals nor `aws:PrincipalArn`), and the role's own
 *   policy carries the same grants, since within one tenant the engine lets it decide.
 * - Objects belong to whoever wrote them (no "bucket owner enforced"), but the engine lets
 *   policies decide access whatever an object's ACL, so uploads need no ACL, as on AWS. The
 *   owner's ACL would still let a writer read its own objects once its grants end, so a pull
 *   bucket with `expires` refuses its dataset's identities everything from the end instant on
 *   (an explicit Deny, which no ACL overrides), as AWS refuses them for want of a grant.
 * - Grants keep their conditions (`aws:CurrentTime` ends them), except `aws:PrincipalArn`, which
 *   the engine does not evaluate: the principal is named directly instead.
 * - TLS-only statements are left out: the engine serves plain HTTP. Of the export bucket's
 *   policy only the refusals of writes after a push dataset's `expires` are kept (the engine
 *   evaluates `aws:CurrentTime`).
 * - Target buckets are stand-ins owned by the platform, as the receiving accounts' buckets.
 * - Google and Entra issuers are the local issuer's stand-ins, and the federated roles' trust is
 *   written in the engine's condition keys (federation/localFederation.ts).
 */
export interface LocalSpec {
  buckets: { name: string; versioned: boolean; policy?: PolicyDocument }[];
  /**
   * The delivery ledger's bucket, made with Object Lock in compliance mode for the settings'
   * years; written and read by the engine's owner (decision 0017, docs/local-platform.md).
   */
  ledger: { name: string; retentionYears: number };
  users: LocalUser[];
  roles: { name: string; path: string; trust: PolicyDocument; policy: PolicyDocument }[];
  routes: DatasetRoute[];
  /** The engine's ARN of each push dataset's mover role, by the plan's ARN the routes name. */
  engineRoleArns: Record<string, string>;
  /** Who assumes the dataset roles. */
  mover: LocalUser;
  /** Who runs the sweep: lists the export bucket and reads delivery marks, as the sweeper function's role. */
  sweeper: LocalUser;
  /** Where the local web identity issuer listens (`host:port`). */
  issuer: IssuerHost;
  /** The engine's OIDC providers: the local issuer's stand-ins for Google and each Entra tenant. */
  oidcProviders: LocalOidcProvider[];
  /** Each pull dataset's federated role, as the engine knows it. */
  federated: { dataset: string; roleArn: string }[];
}

export interface LocalUser {
  uid: string;
  tenant?: string;
  accessKeyId: string;
  secretAccessKey: string;
  policy?: PolicyDocument;
  /** What it stands for, in the printed instructions. */
  standsFor: string;
  /** For a pull principal: the role it assumes to reach its bucket. */
  assumes?: string;
}

/** Keys that stay the same across restarts, so printed commands keep working. */
function keysFor(name: string): { accessKeyId: string; secretAccessKey: string } {
  const h = createHash("sha256").update(`data-exports-local:${name}`).digest("hex");
  return { accessKeyId: `AK${h.slice(0, 18).toUpperCase()}`, secretAccessKey: h.slice(18, 58) };
}

const localMoverRoleName = (dataset: string) => `export-${dataset.replaceAll("_", "-")}-move`;
const localRoleArn = (path: string, name: string) => `arn:aws:iam:::role${path}${name}`;
const clean = (s: string) => s.replace(/[^A-Za-z0-9+=,.@-]/g, "-");

/** The stand-in for one pull principal: a user in its account's tenant and the role it assumes. */
function pullPrincipal(arn: string) {
  const account = accountOf(arn);
  const uid = clean(arn.split("/").pop() ?? "reader");
  const role = `pull-${account}-${uid}`.slice(0, 64);
  return { account, uid, role, roleArn: localRoleArn("/", role) };
}

/**
 * Who runs the sweep. The engine's admin owns the buckets but, holding no policy, reads only
 * objects whose ACL names it; the sweeper, like its role on AWS, is granted what it calls.
 */
function sweeperUser(exportBucket: string): LocalUser {
  return {
    uid: "data-exports-sweeper",
    ...keysFor("data-exports-sweeper"),
    standsFor: "the sweeper function's role",
    policy: policy(
      { Sid: "ListExports", Effect: "Allow", Action: ["s3:ListBucket"], Resource: bucketArn(exportBucket) },
      { Sid: "ReadDeliveryMarks", Effect: "Allow", Action: SWEEP_READ_MARKS, Resource: objectsArn(exportBucket) },
    ),
  };
}

/** The local engine's version of a plan, its web identity issuers at `issuer`. Pure. */
export function localSpec(plan: Plan, issuer: IssuerHost): LocalSpec {
  const mover: LocalUser = {
    uid: "data-exports-mover",
    ...keysFor("data-exports-mover"),
    standsFor: "the mover function's role",
  };
  const moverArn = `arn:aws:iam:::user/${mover.uid}`;
  const trustOf = (principal: string) =>
    policy({ Sid: "Assume", Effect: "Allow", Principal: { AWS: principal }, Action: "sts:AssumeRole" });

  const pushRoles = plan.push.map((p) => ({
    name: localMoverRoleName(p.dataset.name),
    path: p.role.path,
    trust: trustOf(moverArn),
    policy: p.role.policy,
  }));
  const principals = new Map(
    plan.pull.flatMap((p) => p.dataset.pullArns.map((arn) => [arn, pullPrincipal(arn)] as const)),
  );
  // What a pull principal may do, from the pull buckets' policies: within one tenant the engine
  // lets a role's own policy decide, so the stand-in role carries exactly the bucket's grants.
  const grantsOf = (arn: string) =>
    plan.pull.filter((p) => p.dataset.pullArns.includes(arn)).flatMap((p) => pullGrants(p.policy));
  const pullRoles = [...principals.entries()].map(([arn, p]) => ({
    name: p.role,
    path: "/",
    trust: trustOf(`arn:aws:iam::${p.account}:user/${p.uid}`),
    policy: policy(...grantsOf(arn).map((s, i) => ({ ...s, Sid: `${s.Sid}${i}` }))),
  }));

  const federation = localFederatedRoles(plan, issuer);
  const pullBucketPolicy = (p: Plan["pull"][number]): PolicyDocument => {
    const roles = p.dataset.pullArns.map((arn) => (principals.get(arn) as { roleArn: string }).roleArn);
    const federated = federation.roles.filter((r) => r.dataset === p.dataset.name);
    const identities = [
      ...p.dataset.users.map((u) => `arn:aws:iam:::user/${u}`),
      ...roles,
      ...federated.map((r) => localRoleArn(r.path, r.name)),
    ];
    return policy(
      ...pullGrants(p.policy).map((s) => ({ ...s, Principal: { AWS: roles } })),
      ...accessEnded(p.policy, identities),
    );
  };

  const users: LocalUser[] = [
    ...plan.users.map((u) => ({
      uid: u.user,
      ...keysFor(u.user),
      policy: u.policy,
      standsFor: `platform user ${u.user}`,
    })),
    ...[...principals.entries()].map(([arn, p]) => ({
      uid: p.uid,
      tenant: p.account,
      ...keysFor(arn),
      standsFor: `pull principal ${arn}`,
      assumes: p.roleArn,
    })),
  ];
  const targets = [...new Set(plan.push.map((p) => p.dataset.bucket))];
  return {
    ledger: { name: ledgerBucketName(plan.settings.exportBucket), retentionYears: plan.settings.ledgerRetentionYears },
    buckets: [
      { name: plan.exportBucket.name, versioned: true, ...exportBucketRefusals(plan) },
      ...targets.map((name) => ({ name, versioned: false })),
      ...plan.pull.map((p) => ({
        name: p.dataset.bucket,
        versioned: p.dataset.bucketVersioning,
        policy: pullBucketPolicy(p),
      })),
    ],
    users,
    roles: [...pushRoles, ...pullRoles, ...federation.roles],
    // The engine has no KMS: a kms_key dataset's copies are written unencrypted (docs/local-platform.md).
    routes: routesOf(plan).map((route) => {
      const local = { ...route };
      delete local.kmsKeyArn;
      return local;
    }),
    engineRoleArns: Object.fromEntries(
      plan.push.map((p) => [p.role.arn, localRoleArn(p.role.path, localMoverRoleName(p.dataset.name))]),
    ),
    mover,
    sweeper: sweeperUser(plan.exportBucket.name),
    issuer,
    oidcProviders: federation.providers,
    federated: federation.roles.map((r) => ({ dataset: r.dataset, roleArn: localRoleArn(r.path, r.name) })),
  };
}

/** The export bucket's refusals of writes after a push dataset's `expires`, as its local policy. */
function exportBucketRefusals(plan: Plan): { policy?: PolicyDocument } {
  const refusals = plan.exportBucket.policy.Statement.filter((s) => s.Sid.startsWith("AgreementEnded"));
  return refusals.length > 0 ? { policy: policy(...refusals) } : {};
}

/** The key the engine does not evaluate; the local policies name the principal instead. */
const PRINCIPAL_ARN = "aws:PrincipalArn";

/** A statement's conditions as the engine evaluates them: every one but `aws:PrincipalArn`. */
function engineCondition(statement: Statement): Pick<Statement, "Condition"> {
  const kept = Object.entries(statement.Condition ?? {}).flatMap(([operator, pairs]) => {
    const rest = Object.entries(pairs).filter(([key]) => key !== PRINCIPAL_ARN);
    return rest.length > 0 ? [[operator, Object.fromEntries(rest)] as const] : [];
  });
  return kept.length > 0 ? { Condition: Object.fromEntries(kept) } : {};
}

/** A pull bucket's grants to its pull principals, without their principal, conditions kept. */
function pullGrants(document: PolicyDocument): Statement[] {
  return document.Statement.filter((s) => s.Effect === "Allow").map((s) => ({
    Sid: s.Sid,
    Effect: s.Effect,
    Action: s.Action,
    ...(s.Resource ? { Resource: s.Resource } : {}),
    ...engineCondition(s),
  }));
}

/** The instant a plan's grants end (their `DateLessThan` on `aws:CurrentTime`), if they do. */
const endOf = (document: PolicyDocument): string | undefined =>
  document.Statement.map((s) => s.Condition?.DateLessThan?.["aws:CurrentTime"]).find(
    (v): v is string => typeof v === "string",
  );

/**
 * A pull bucket's refusal, from the end of its grants on, of everything its dataset's identities
 * ask. On AWS they simply have no grant left (objects are the bucket owner's); on the engine a
 * writer owns what it wrote and its ACL would let it read that still, but an explicit Deny in the
 * bucket policy wins over ACLs (tested in test/e2e/expiry.test.ts).
 */
function accessEnded(document: PolicyDocument, identities: string[]): Statement[] {
  const end = endOf(document);
  const resources = [...new Set(document.Statement.flatMap((s) => [s.Resource ?? []].flat()))];
  if (!end || identities.length === 0) return [];
  return [
    {
      Sid: "AccessEnded",
      Effect: "Deny",
      Principal: { AWS: identities },
      Action: "s3:*",
      Resource: resources,
      Condition: { DateGreaterThanEquals: { "aws:CurrentTime": end } },
    },
  ];
}
