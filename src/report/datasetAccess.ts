import type { Dataset } from "../config/dataset";
import type { Plan } from "../plan/plan";
import type { Statement } from "../plan/policyDocument";
import { pullGrants, pushGrants, type Grant } from "./grants";

/** Where a push dataset's files are written, and where they go. */
export interface PushWhere {
  /** `s3://<export bucket>/<name>/`: the prefix its users write under. */
  exportPrefix: string;
  /** `account`: the account that owns the target bucket, or null when the dataset file does not say. */
  target: { bucket: string; prefix: string; keepFiles: boolean; account: string | null };
  moverRole: string;
}

/** A pull dataset's bucket and its options. */
export interface PullWhere {
  bucket: string;
  /** The IAM roles (or users) outside the platform that may read it. */
  pullPrincipals: string[];
  versioning: boolean;
  allowPush: boolean;
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
  where: PushWhere | PullWhere;
  /** Plain-words sentences, compared line by line between a base and a change. */
  lines: string[];
  grants: Grant[];
  /** For push datasets: the statement the receiving bucket's owner adds to their bucket policy. */
  receivingStatement?: Statement;
  /** For push datasets with kms_key: the statement the receiving team adds to their KMS key's policy. */
  kmsKeyStatement?: Statement;
}

const and = (words: string[]) =>
  words.length < 2 ? words.join("") : `${words.slice(0, -1).join(", ")} and ${words.at(-1)}`;

// A string or a list, whichever the dataset holds: the report shows each reference.
const references = (paperwork: string | readonly string[] | undefined): string[] =>
  [paperwork ?? []].flat().filter((p): p is string => typeof p === "string" && p !== "");

/** Which account the target bucket is in, when the file says, and what the mover does with that. */
const targetAccount = (bucket: string, owner: string | undefined) =>
  owner
    ? `s3://${bucket} is in account ${owner}: the mover writes there only while that account owns it`
    : `the file does not say which account s3://${bucket} is in, so the mover writes to whoever owns it (bucket_owner would pin it)`;

/** Every dataset's access, from the plan: the one description the text, Markdown and JSON reports share. */
export function datasetAccess(plan: Plan): DatasetAccess[] {
  const exportBucket = plan.exportBucket.name;
  const push = plan.push.map((p): DatasetAccess => {
    const { dataset: d, role, receivingStatement, kmsKeyStatement } = p;
    return {
      kind: "push",
      name: d.name,
      file: d.file,
      paperwork: references(d.paperwork),
      users: d.users,
      where: {
        exportPrefix: `s3://${exportBucket}/${d.name}/`,
        target: { bucket: d.bucket, prefix: `${d.name}/`, keepFiles: d.keepFiles, account: d.bucketOwner ?? null },
        moverRole: role.arn,
      },
      lines: [
        ...d.users.map(
          (u) => `${u} may write files under s3://${exportBucket}/${d.name}/ (not read, list or delete them)`,
        ),
        `each file is copied to s3://${d.bucket}/${d.name}/… with the same key, then ${d.keepFiles ? "kept in" : "deleted from"} the export bucket`,
        `the mover uses the role ${role.arn}; the owner of ${d.bucket} must let it write there`,
        targetAccount(d.bucket, d.bucketOwner),
        ...(d.kmsKey
          ? [`copies are encrypted with the receiving team's KMS key ${d.kmsKey}, which must let the role use it`]
          : []),
      ],
      grants: pushGrants(plan, p),
      receivingStatement,
      ...(kmsKeyStatement ? { kmsKeyStatement } : {}),
    };
  });
  const pull = plan.pull.map((p): DatasetAccess => {
    const { dataset: d } = p;
    return {
      kind: "pull",
      name: d.name,
      file: d.file,
      paperwork: references(d.paperwork),
      users: d.users,
      where: { bucket: d.bucket, pullPrincipals: d.pullArns, versioning: d.bucketVersioning, allowPush: d.allowPush },
      lines: [
        `bucket s3://${d.bucket}, versioning ${d.bucketVersioning ? "on" : "off"}, kept if this dataset is removed`,
        ...d.users.map((u) => `${u} may list, read, write and delete objects in s3://${d.bucket}`),
        ...d.pullArns.map(
          (arn) =>
            `${arn} may ${and(d.allowPush ? ["list", "read", "write"] : ["list", "read"])} objects in s3://${d.bucket}${d.allowPush ? "" : " (not write)"}`,
        ),
      ],
      grants: pullGrants(plan, p),
    };
  });
  return [...push, ...pull];
}
