import type { PushDataset } from "../config/dataset";
import { assemble, given, nothing, type KeyTable } from "../config/keyTable";
import type { Plan } from "../plan/plan";
import type { DatasetRoute } from "./moveObject";

/**
 * What each field of a push dataset gives its route: one entry per field, so a field added to
 * the dataset (a key added to the schema) fails to compile until it is carried here or said to
 * be none of the mover's business.
 */
export const ROUTE_PARTS = {
  kind: nothing,
  name: (d) => ({ name: d.name }),
  bucket: (d) => ({ targetBucket: d.bucket }),
  users: nothing, // their grants are the plan's policies
  keepFiles: (d) => ({ keepFiles: d.keepFiles }),
  kmsKey: (d) => given("kmsKeyArn", d.kmsKey),
  bucketOwner: (d) => given("targetOwner", d.bucketOwner),
  paperwork: (d) => given("paperwork", d.paperwork), // named in sealed batches' manifests
  expires: nothing, // a dataset past it is left out of plan.push: it has no route
  takesOver: nothing,
  notify: nothing, // its topic is the plan's: noticeTopicArn
  files: (d) => given("contract", d.files),
  file: (d) => ({ datasetFile: { path: d.file } }), // with the deployed commit: routesOf
  source: nothing,
} satisfies KeyTable<PushDataset, DatasetRoute, [dataset: PushDataset]>;

/**
 * Where each push dataset's objects go, from the plan: the mover's whole knowledge of the
 * datasets. `commit` is the commit the dataset files are deployed from (src/infra/core/
 * deployedCommit.ts), written into each route's datasetFile so every delivery record names it;
 * without it (a synthesis outside git) the records name the file alone.
 */
export function routesOf(plan: Plan, commit?: string): DatasetRoute[] {
  return plan.push.map((p) => {
    const { name, targetBucket, keepFiles, datasetFile, ...options } = assemble(ROUTE_PARTS, p.dataset);
    // Fields in the order routes.json has always had (its bytes are part of the mover's asset hash), new ones last.
    return {
      name,
      targetBucket,
      keepFiles,
      roleArn: p.role.arn,
      ...options,
      ...(p.notify ? { noticeTopicArn: p.notify.topicArn } : {}),
      ...(datasetFile ? { datasetFile: { ...datasetFile, ...(commit ? { commit } : {}) } } : {}),
    };
  });
}

/** Routes by dataset name, as the mover looks them up. */
export function routeMap(routes: readonly DatasetRoute[]): ReadonlyMap<string, DatasetRoute> {
  return new Map(routes.map((r) => [r.name, r]));
}

/** The dataset an export-bucket key belongs to: its first path segment ("" for a key without one). */
export function datasetOfKey(key: string): string {
  return key.includes("/") ? key.slice(0, key.indexOf("/")) : "";
}
