import type { AzureWorkload, Dataset, GoogleServiceAccount, PushDataset } from "../config/dataset";
import type { DataContract } from "../contracts/contract";
import { contractLines } from "./contractLines";
import type { Plan, PullPlan, PushPlan } from "../plan/plan";
import type { Statement } from "../plan/policyDocument";
import { pullGrants, pushGrants, type Grant } from "./grants";

/** Where a push dataset's files are written, and where they go. */
export interface PushWhere {
  /** `s3://<export bucket>/<name>/`: the prefix its users write under. */
  exportPrefix: string;
  /** `account`: the account that owns the target bucket, or null when the dataset file does not say. */
  target: { bucket: string; prefix: string; keepFiles: boolean; account: string | null };
  /** Absent once the dataset's access has ended: its mover role is removed with every other grant. */
  moverRole?: string;
  /** With notify: the addresses subscribed to its notices, their SNS topic, and whether deliveries are sent too. */
  notify?: { topic: string; emails: string[]; deliveries: boolean };
  /** With files: the data contract, entry by entry (prefix "" for the whole dataset, sizes in bytes). */
  contract?: DataContract;
}

/** A pull dataset's bucket and its options. */
export interface PullWhere {
  bucket: string;
  /** The IAM roles (or users) outside the platform that may read it. */
  pullPrincipals: string[];
  versioning: boolean;
  allowPush: boolean;
  /** Google Cloud and Azure principals, and the role they assume by web identity, with its trust policy. */
  googleServiceAccounts: (GoogleServiceAccount & { emailVerified: false })[];
  azureWorkloads: AzureWorkload[];
  federatedRole?: { arn: string; trust: Statement[] };
}

/** What one dataset grants and does: sentences a reviewer reads, and the same as structured grants. */
export interface DatasetAccess {
  kind: Dataset["kind"];
  name: string;
  file: string;
  /** References to the impact assessment or data sharing agreement, as the file gives them. */
  paperwork: string[];
  /** Platform users, as the file names them. */
  users: string[];
  /** The last day of access (YYYY-MM-DD, in the settings' time zone), when the dataset has one. */
  expires?: string;
  /** True when the plan is past `expires`: the dataset grants nothing and keeps its data. */
  expired?: boolean;
  where: PushWhere | PullWhere;
  /** Plain-words sentences, compared line by line between a base and a change. */
  lines: string[];
  grants: Grant[];
  /** For push datasets: the statement the receiving bucket's owner adds to their bucket policy. */
  receivingStatement?: Statement;
  /** For push datasets with kms_key: the statement the receiving team adds to their KMS key's policy. */
  kmsKeyStatement?: Statement;
}

/** `a, b and c`: a list in a sentence. */
export const and = (words: readonly string[]) =>
  words.length < 2 ? words.join("") : `${words.slice(0, -1).join(", ")} and ${words.at(-1)}`;

// A string or a list, whichever the dataset holds: the report shows each reference.
const references = (paperwork: string | readonly string[] | undefined): string[] =>
  [paperwork ?? []].flat().filter((p): p is string => typeof p === "string" && p !== "");

/**
 * A Google service account as it is enforced: the role's trust policy matches the token's unique
 * id (`sub`), and nothing checks the e-mail the file gives beside it, so the plan says so.
 */
export const googlePrincipal = (sa: GoogleServiceAccount) =>
  `Google service account with unique id ${sa.id} (e-mail given as ${sa.email}, not verified)`;

/**
 * Which account the target bucket is in, when the file says, and what the mover does with that. Never
 * the platform's own account: the mover role's grant excludes it (src/plan/policies/moverRole.ts).
 */
const targetAccount = (bucket: string, owner: string | undefined) =>
  owner
    ? `s3://${bucket} is in account ${owner}: the mover writes there only while that account owns it`
    : `the file does not say which account s3://${bucket} is in, so the mover writes to whoever owns it, in any account but the platform's (bucket_owner would pin it)`;

/** What every description starts with: the dataset, its file, paperwork, users and end date. */
const about = (d: Dataset, expired: boolean) => ({
  kind: d.kind,
  name: d.name,
  file: d.file,
  paperwork: references(d.paperwork),
  users: d.users,
  ...(d.expires ? { expires: d.expires } : {}),
  ...(expired ? { expired } : {}),
});

/** What every description of one plan shares: its export bucket, and how a grant's end is said. */
interface Wording {
  exportBucket: string;
  /** Each sentence says when its grant ends, so renewing a dataset shows as a change of each of them. */
  until: (d: Dataset) => string;
  ended: (d: Dataset) => string;
}

/** Every dataset's access, from the plan: the one description the text, Markdown and JSON reports share. */
export function datasetAccess(plan: Plan): DatasetAccess[] {
  const zone = plan.settings.timeZone;
  const wording: Wording = {
    exportBucket: plan.exportBucket.name,
    until: (d) => (d.expires ? `, until the end of ${d.expires} (${zone})` : ""),
    ended: (d) => `access ended after ${d.expires ?? ""} (${zone}): nobody is granted anything`,
  };
  const expired = new Set<Dataset>(plan.expired);
  return [
    ...plan.push.map((p) => pushAccess(plan, p, wording)),
    ...plan.expired.flatMap((d) => (d.kind === "push" ? [expiredPushAccess(d, wording)] : [])),
    ...plan.pull.map((p) => pullAccess(plan, p, wording, expired.has(p.dataset))),
  ];
}

function pushAccess(plan: Plan, p: PushPlan, { exportBucket, until }: Wording): DatasetAccess {
  const { dataset: d, role, receivingStatement, kmsKeyStatement } = p;
  return {
    ...about(d, false),
    where: {
      exportPrefix: `s3://${exportBucket}/${d.name}/`,
      target: { bucket: d.bucket, prefix: `${d.name}/`, keepFiles: d.keepFiles, account: d.bucketOwner ?? null },
      moverRole: role.arn,
      ...(p.notify
        ? { notify: { topic: p.notify.topicName, emails: p.notify.emails, deliveries: p.notify.deliveries } }
        : {}),
      ...(d.files ? { contract: d.files } : {}),
    },
    lines: [
      ...d.users.map(
        (u) => `${u} may write files under s3://${exportBucket}/${d.name}/ (not read, list or delete them)${until(d)}`,
      ),
      `each file is copied to s3://${d.bucket}/${d.name}/… with the same key, then ${d.keepFiles ? "kept in" : "deleted from"} the export bucket`,
      `the mover uses the role ${role.arn}${until(d)}; the owner of ${d.bucket} must let it write there`,
      targetAccount(d.bucket, d.bucketOwner),
      ...(d.kmsKey
        ? [`copies are encrypted with the receiving team's KMS key ${d.kmsKey}, which must let the role use it`]
        : []),
      // Notices name files (keys, sizes, reasons): whoever gets them learns what is exported.
      ...(p.notify
        ? [
            `${and(p.notify.emails)} ${p.notify.emails.length === 1 ? "is" : "are"} e-mailed through the SNS topic ${p.notify.topicName} when a file fails to arrive${p.notify.deliveries ? " and when each file arrives" : ""} (each notice names the file, never its contents; each address must confirm its subscription)`,
          ]
        : []),
      ...contractLines(`s3://${exportBucket}/${d.name}/`, d.files),
    ],
    grants: pushGrants(plan, p),
    receivingStatement,
    ...(kmsKeyStatement ? { kmsKeyStatement } : {}),
  };
}

// Past `expires`: no role, no grant, no receiving statement; what was delivered stays delivered.
function expiredPushAccess(d: PushDataset, { exportBucket, ended }: Wording): DatasetAccess {
  return {
    ...about(d, true),
    where: {
      exportPrefix: `s3://${exportBucket}/${d.name}/`,
      target: { bucket: d.bucket, prefix: `${d.name}/`, keepFiles: d.keepFiles, account: d.bucketOwner ?? null },
    },
    lines: [
      ended(d),
      `writes under s3://${exportBucket}/${d.name}/ are refused; files already delivered stay in s3://${d.bucket}/${d.name}/`,
    ],
    grants: [],
  };
}

function pullAccess(plan: Plan, p: PullPlan, { until, ended }: Wording, expired: boolean): DatasetAccess {
  const { dataset: d, federatedRole } = p;
  const may = `may ${and(d.allowPush ? ["list", "read", "write"] : ["list", "read"])} objects in s3://${d.bucket}${d.allowPush ? "" : " (not write)"}`;
  const through = federatedRole ? `, through the role ${federatedRole.arn}` : "";
  const bucket = `bucket s3://${d.bucket}, versioning ${d.bucketVersioning ? "on" : "off"}, kept if this dataset is removed`;
  const where = {
    bucket: d.bucket,
    pullPrincipals: d.pullArns,
    versioning: d.bucketVersioning,
    allowPush: d.allowPush,
    // The e-mail is what the file says; only the unique id is checked (by the trust policy).
    googleServiceAccounts: d.googleServiceAccounts.map((sa) => ({ ...sa, emailVerified: false as const })),
    azureWorkloads: d.azureWorkloads,
    ...(federatedRole ? { federatedRole: { arn: federatedRole.arn, trust: federatedRole.trust.Statement } } : {}),
  };
  if (expired) return { ...about(d, true), where, lines: [bucket, ended(d)], grants: [] };
  return {
    ...about(d, false),
    where,
    lines: [
      bucket,
      ...d.users.map((u) => `${u} may list, read, write and delete objects in s3://${d.bucket}${until(d)}`),
      ...d.pullArns.map(
        (arn) =>
          `${arn} may ${and(d.allowPush ? ["list", "read", "write"] : ["list", "read"])} objects in s3://${d.bucket}${d.allowPush ? "" : " (not write)"}${until(d)}`,
      ),
      ...d.googleServiceAccounts.map((sa) => `${googlePrincipal(sa)} ${may}${through}${until(d)}`),
      ...d.azureWorkloads.map(
        (w) =>
          `Azure workload ${w.objectId} of Entra tenant ${w.tenant}, with tokens for ${w.audience}, ${may}${through}${until(d)}`,
      ),
    ],
    grants: pullGrants(plan, p),
  };
}
