import type { PullDataset, PushDataset } from "../../config/dataset";
import type { Settings } from "../../config/settings";
import { EXPORT_WRITE, PULL_DELETE_OBJECTS, PULL_LIST, PULL_READ_OBJECTS, PULL_WRITE_OBJECTS } from "../actions";
import { bucketArn, objectsArn } from "../arns";
import { policy, type PolicyDocument, type Statement } from "../policyDocument";

/**
 * One platform user's consolidated policy: write under the export bucket prefix of each of their
 * push datasets; list, read, write and delete each of their pull buckets. One statement per kind
 * of access, however many datasets, to stay well inside IAM's 10,240-character limit.
 */
export function userPolicy(
  push: readonly PushDataset[],
  pull: readonly PullDataset[],
  settings: Settings,
): PolicyDocument {
  const statements: Statement[] = [];
  if (push.length > 0) {
    statements.push({
      Sid: "WritePushExports",
      Effect: "Allow",
      Action: EXPORT_WRITE,
      Resource: push.map((d) => objectsArn(settings.exportBucket, `${d.name}/`)),
    });
  }
  if (pull.length > 0) {
    statements.push(
      { Sid: "ListPullBuckets", Effect: "Allow", Action: PULL_LIST, Resource: pull.map((d) => bucketArn(d.bucket)) },
      {
        Sid: "UsePullBuckets",
        Effect: "Allow",
        Action: [...PULL_READ_OBJECTS, ...PULL_WRITE_OBJECTS, ...PULL_DELETE_OBJECTS],
        Resource: pull.map((d) => objectsArn(d.bucket)),
      },
    );
  }
  return policy(...statements);
}
