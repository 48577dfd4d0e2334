import type { PullDataset } from "../../config/dataset";
import { PULL_LIST, PULL_READ_OBJECTS, PULL_WRITE_OBJECTS } from "../actions";
import { accountOf, accountRootArn, bucketArn, objectsArn } from "../arns";
import { policy, type PolicyDocument, type Statement } from "../policyDocument";
import { tlsOnly } from "./tlsOnly";
import { untilExpiry } from "./untilExpiry";

/**
 * A pull bucket's policy: TLS only; its pull principals may list and read it, and write with
 * allow_push. They are granted as their accounts, narrowed to the exact role ARNs by condition:
 * S3 still treats the policy as not public, and a role that has been deleted neither fails the
 * deployment ("invalid principal") nor, if re-created by someone else, inherits access unseen.
 * With `endsAt` (the dataset's `expires`), every grant ends at that instant.
 */
export function pullBucketPolicy(dataset: PullDataset, endsAt?: string): PolicyDocument {
  const accounts = [...new Set(dataset.pullArns.map(accountOf))].sort().map(accountRootArn);
  const principals = {
    Principal: { AWS: accounts.length === 1 ? (accounts[0] as string) : accounts },
    Condition: { ArnEquals: { "aws:PrincipalArn": dataset.pullArns } },
  };
  const grants: Statement[] = [
    {
      Sid: "PullPrincipalsList",
      Effect: "Allow",
      ...principals,
      Action: PULL_LIST,
      Resource: bucketArn(dataset.bucket),
    },
    {
      Sid: "PullPrincipalsRead",
      Effect: "Allow",
      ...principals,
      Action: PULL_READ_OBJECTS,
      Resource: objectsArn(dataset.bucket),
    },
  ];
  if (dataset.allowPush) {
    grants.push({
      Sid: "PullPrincipalsWrite",
      Effect: "Allow",
      ...principals,
      Action: PULL_WRITE_OBJECTS,
      Resource: objectsArn(dataset.bucket),
    });
  }
  return policy(...tlsOnly(dataset.bucket), ...grants.map((s) => untilExpiry(s, endsAt)));
}
