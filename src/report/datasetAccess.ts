import type { Dataset } from "../config/dataset";
import type { Plan } from "../plan/plan";
import type { Statement } from "../plan/policyDocument";

/** What one dataset grants and does, as sentences a reviewer can read and compare line by line. */
export interface DatasetAccess {
  kind: Dataset["kind"];
  name: string;
  file: string;
  paperwork?: string;
  lines: string[];
  /** For push datasets: the statement the receiving bucket's owner adds to their bucket policy. */
  receivingStatement?: Statement;
}

const and = (words: string[]) =>
  words.length < 2 ? words.join("") : `${words.slice(0, -1).join(", ")} and ${words.at(-1)}`;

/** Every dataset's access, from the plan: the one description the text, Markdown and JSON reports share. */
export function datasetAccess(plan: Plan): DatasetAccess[] {
  const exportBucket = plan.exportBucket.name;
  const push = plan.push.map(({ dataset: d, role, receivingStatement }): DatasetAccess => ({
    kind: "push",
    name: d.name,
    file: d.file,
    ...(d.paperwork ? { paperwork: d.paperwork.join("; ") } : {}),
    lines: [
      ...d.users.map(
        (u) => `${u} may write files under s3://${exportBucket}/${d.name}/ (not read, list or delete them)`,
      ),
      `each file is copied to s3://${d.bucket}/${d.name}/… with the same key, then ${d.keepFiles ? "kept in" : "deleted from"} the export bucket`,
      `the mover uses the role ${role.arn}; the owner of ${d.bucket} must let it write there`,
    ],
    receivingStatement,
  }));
  const pull = plan.pull.map(({ dataset: d, federatedRole }): DatasetAccess => {
    const may = `may ${and(d.allowPush ? ["list", "read", "write"] : ["list", "read"])} objects in s3://${d.bucket}${d.allowPush ? "" : " (not write)"}`;
    const through = federatedRole ? `, through the role ${federatedRole.arn}` : "";
    return {
      kind: "pull",
      name: d.name,
      file: d.file,
      ...(d.paperwork ? { paperwork: d.paperwork.join("; ") } : {}),
      lines: [
        `bucket s3://${d.bucket}, versioning ${d.bucketVersioning ? "on" : "off"}, kept if this dataset is removed`,
        ...d.users.map((u) => `${u} may list, read, write and delete objects in s3://${d.bucket}`),
        ...d.pullArns.map(
          (arn) =>
            `${arn} may ${and(d.allowPush ? ["list", "read", "write"] : ["list", "read"])} objects in s3://${d.bucket}${d.allowPush ? "" : " (not write)"}`,
        ),
        ...d.googleServiceAccounts.map(
          (sa) => `Google service account ${sa.email} (unique id ${sa.id}) ${may}${through}`,
        ),
        ...d.azureWorkloads.map(
          (w) =>
            `Azure workload ${w.objectId} of Entra tenant ${w.tenant}, with tokens for ${w.audience}, ${may}${through}`,
        ),
      ],
    };
  });
  return [...push, ...pull];
}
