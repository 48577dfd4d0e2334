import type { PullDataset, PushDataset } from "../../config/dataset";
import { compareText } from "../../config/issue";
import type { Settings } from "../../config/settings";
import { EXPORT_WRITE, PULL_DELETE_OBJECTS, PULL_LIST, PULL_READ_OBJECTS, PULL_WRITE_OBJECTS } from "../actions";
import { bucketArn, objectsArn } from "../arns";
import { policy, type PolicyDocument, type Statement } from "../policyDocument";
import { accessEndsAt, untilExpiry } from "./untilExpiry";

/**
 * Datasets grouped by the day their access ends: those without `expires` first (key ""), then by
 * date. Datasets ending the same day share statements, so the policy grows with distinct dates,
 * not with datasets.
 */
function byExpiry<D extends PushDataset | PullDataset>(datasets: readonly D[]): [string, D[]][] {
  const groups = new Map<string, D[]>();
  for (const d of datasets) groups.set(d.expires ?? "", [...(groups.get(d.expires ?? "") ?? []), d]);
  return [...groups.entries()].sort(([a], [b]) => compareText(a, b));
}

/** A statement id that says until when, e.g. WritePushExportsExpires20271231. */
const sid = (name: string, expires: string) => (expires ? `${name}Expires${expires.replaceAll("-", "")}` : name);

/**
 * One platform user's consolidated policy: write under the export bucket prefix of each of their
 * push datasets; list, read, write and delete each of their pull buckets. One statement per kind
 * of access and end date, however many datasets, to stay well inside IAM's 10,240-character
 * limit. A dataset's grants end with its `expires`.
 */
export function userPolicy(
  push: readonly PushDataset[],
  pull: readonly PullDataset[],
  settings: Settings,
): PolicyDocument {
  const statements: Statement[] = [];
  for (const [expires, datasets] of byExpiry(push)) {
    const endsAt = accessEndsAt(datasets[0] as PushDataset, settings);
    statements.push(
      untilExpiry(
        {
          Sid: sid("WritePushExports", expires),
          Effect: "Allow",
          Action: EXPORT_WRITE,
          Resource: datasets.map((d) => objectsArn(settings.exportBucket, `${d.name}/`)),
        },
        endsAt,
      ),
    );
  }
  for (const [expires, datasets] of byExpiry(pull)) {
    const endsAt = accessEndsAt(datasets[0] as PullDataset, settings);
    statements.push(
      untilExpiry(
        {
          Sid: sid("ListPullBuckets", expires),
          Effect: "Allow",
          Action: PULL_LIST,
          Resource: datasets.map((d) => bucketArn(d.bucket)),
        },
        endsAt,
      ),
      untilExpiry(
        {
          Sid: sid("UsePullBuckets", expires),
          Effect: "Allow",
          Action: [...PULL_READ_OBJECTS, ...PULL_WRITE_OBJECTS, ...PULL_DELETE_OBJECTS],
          Resource: datasets.map((d) => objectsArn(d.bucket)),
        },
        endsAt,
      ),
    );
  }
  return policy(...statements);
}
