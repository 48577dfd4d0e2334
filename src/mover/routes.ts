import type { Plan } from "../plan/plan";
import type { DatasetRoute } from "./moveObject";

/** Where each push dataset's objects go, from the plan: the mover's whole knowledge of the datasets. */
export function routesOf(plan: Plan): DatasetRoute[] {
  return plan.push.map((p) => ({
    name: p.dataset.name,
    targetBucket: p.dataset.bucket,
    keepFiles: p.dataset.keepFiles,
    roleArn: p.role.arn,
    ...(p.dataset.kmsKey ? { kmsKeyArn: p.dataset.kmsKey } : {}),
    ...(p.dataset.bucketOwner ? { targetOwner: p.dataset.bucketOwner } : {}),
    ...(p.notify ? { noticeTopicArn: p.notify.topicArn } : {}),
  }));
}

/** Routes by dataset name, as the mover looks them up. */
export function routeMap(routes: readonly DatasetRoute[]): ReadonlyMap<string, DatasetRoute> {
  return new Map(routes.map((r) => [r.name, r]));
}

/** The dataset an export-bucket key belongs to: its first path segment ("" for a key without one). */
export function datasetOfKey(key: string): string {
  return key.includes("/") ? key.slice(0, key.indexOf("/")) : "";
}
