import type { PullDataset } from "../../config/dataset";
import { PULL_LIST, PULL_READ_OBJECTS, PULL_WRITE_OBJECTS } from "../actions";
import { bucketArn, objectsArn } from "../arns";
import { GOOGLE_PROVIDER, entraProviderName, oidcProviderArn } from "../identityProviders";
import { policy, type PolicyDocument, type Statement } from "../policyDocument";
import { untilExpiry } from "./untilExpiry";

const ASSUME = "sts:AssumeRoleWithWebIdentity";

/**
 * Who may assume a pull dataset's federated role: one statement per principal, each pinning the
 * token's issuer, subject and audience exactly (StringEquals), so that no other service account,
 * tenant, workload or audience matches. `audience` is what a Google workload must ask its ID token
 * for: the role's own ARN, so a token minted for this role is good for nothing else.
 */
export function federatedRoleTrust(dataset: PullDataset, account: string, audience: string): PolicyDocument {
  const google = dataset.googleServiceAccounts.map((sa): Statement => ({
    Sid: `Google${sa.id}`,
    Effect: "Allow",
    Principal: { Federated: GOOGLE_PROVIDER },
    Action: ASSUME,
    Condition: {
      StringEquals: {
        [`${GOOGLE_PROVIDER}:aud`]: sa.id,
        [`${GOOGLE_PROVIDER}:sub`]: sa.id,
        [`${GOOGLE_PROVIDER}:oaud`]: audience,
      },
    },
  }));
  const entra = dataset.azureWorkloads.map((w, i): Statement => {
    const provider = entraProviderName(w.tenant);
    return {
      Sid: `Entra${i + 1}`,
      Effect: "Allow",
      Principal: { Federated: oidcProviderArn(account, provider) },
      Action: ASSUME,
      Condition: { StringEquals: { [`${provider}:aud`]: w.audience, [`${provider}:sub`]: w.objectId } },
    };
  });
  return policy(...google, ...entra);
}

/**
 * What the federated role may do: exactly what a pull ARN may (list and read; write with
 * allow_push), and, with `endsAt` (the dataset's `expires`), only until then, as a pull ARN.
 */
export function federatedRolePolicy(dataset: PullDataset, endsAt?: string): PolicyDocument {
  const statements: Statement[] = [
    { Sid: "List", Effect: "Allow", Action: PULL_LIST, Resource: bucketArn(dataset.bucket) },
    { Sid: "Read", Effect: "Allow", Action: PULL_READ_OBJECTS, Resource: objectsArn(dataset.bucket) },
  ];
  if (dataset.allowPush)
    statements.push({
      Sid: "Write",
      Effect: "Allow",
      Action: PULL_WRITE_OBJECTS,
      Resource: objectsArn(dataset.bucket),
    });
  return policy(...statements.map((s) => untilExpiry(s, endsAt)));
}
