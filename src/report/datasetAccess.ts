import type { Dataset } from "../config/dataset";
import type { Plan } from "../plan/plan";
import type { Statement } from "../plan/policyDocument";

/** What one dataset grants and does, as sentences a reviewer can read and compare line by line. */
export interface DatasetAccess {
  kind: Dataset["kind"];
  name: string;
  file: string;
  paperwork?: string;
  /** The last day of access (YYYY-MM-DD, in the settings' time zone), when the dataset has one. */
  expires?: string;
  /** True when the plan is past `expires`: the dataset grants nothing and keeps its data. */
  expired?: boolean;
  lines: string[];
  /** For push datasets: the statement the receiving bucket's owner adds to their bucket policy. */
  receivingStatement?: Statement;
}

const and = (words: string[]) =>
  words.length < 2 ? words.join("") : `${words.slice(0, -1).join(", ")} and ${words.at(-1)}`;

/** What every access description starts with: the dataset, its file, paperwork and end date. */
const about = (d: Dataset, expired: boolean) => ({
  kind: d.kind,
  name: d.name,
  file: d.file,
  ...(d.paperwork ? { paperwork: d.paperwork.join("; ") } : {}),
  ...(d.expires ? { expires: d.expires } : {}),
  ...(expired ? { expired } : {}),
});

/** Every dataset's access, from the plan: the one description the text, Markdown and JSON reports share. */
export function datasetAccess(plan: Plan): DatasetAccess[] {
  const exportBucket = plan.exportBucket.name;
  const zone = plan.settings.timeZone;
  // Each grant says when it ends, so renewing a dataset shows as a change of every grant's end.
  const until = (d: Dataset) => (d.expires ? `, until the end of ${d.expires} (${zone})` : "");
  const ended = (d: Dataset) => `access ended after ${d.expires} (${zone}): nobody is granted anything`;
  const expired = new Set(plan.expired);
  const push = plan.push.map(({ dataset: d, role, receivingStatement }): DatasetAccess => ({
    ...about(d, false),
    lines: [
      ...d.users.map(
        (u) => `${u} may write files under s3://${exportBucket}/${d.name}/ (not read, list or delete them)${until(d)}`,
      ),
      `each file is copied to s3://${d.bucket}/${d.name}/… with the same key, then ${d.keepFiles ? "kept in" : "deleted from"} the export bucket`,
      `the mover uses the role ${role.arn}${until(d)}; the owner of ${d.bucket} must let it write there`,
    ],
    receivingStatement,
  }));
  const expiredPush = plan.expired.flatMap((d): DatasetAccess[] =>
    d.kind === "push"
      ? [
          {
            ...about(d, true),
            lines: [
              ended(d),
              `writes under s3://${exportBucket}/${d.name}/ are refused; files already delivered stay in s3://${d.bucket}/${d.name}/`,
            ],
          },
        ]
      : [],
  );
  const pull = plan.pull.map(({ dataset: d }): DatasetAccess => {
    const bucket = `bucket s3://${d.bucket}, versioning ${d.bucketVersioning ? "on" : "off"}, kept if this dataset is removed`;
    if (expired.has(d)) return { ...about(d, true), lines: [bucket, ended(d)] };
    return {
      ...about(d, false),
      lines: [
        bucket,
        ...d.users.map((u) => `${u} may list, read, write and delete objects in s3://${d.bucket}${until(d)}`),
        ...d.pullArns.map(
          (arn) =>
            `${arn} may ${and(d.allowPush ? ["list", "read", "write"] : ["list", "read"])} objects in s3://${d.bucket}${d.allowPush ? "" : " (not write)"}${until(d)}`,
        ),
      ],
    };
  });
  return [...push, ...expiredPush, ...pull];
}
