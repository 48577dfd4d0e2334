// The IAM simulator's decision on one need of a call (src/mover/callPermissions.ts), as the
// platform's principals meet it: over TLS 1.3, from the platform's account.
import { runSimulation } from "@cloud-copilot/iam-simulate";
import type { Need } from "../../src/mover/callPermissions";
import type { PolicyDocument } from "../../src/plan/policyDocument";

/** The platform's account: where the mover's principals are. */
export const MOVER_ACCOUNT = "123456789012";
const PLATFORM = MOVER_ACCOUNT;

export type Decision = "Allowed" | "ImplicitlyDenied" | "ExplicitlyDenied";

/** The simulator's verdict on `need`, asked by `principal` under `identity`, meeting `resourcePolicy` in `account`. */
export async function decide(
  principal: string,
  need: Need,
  identity: PolicyDocument,
  resourcePolicy: PolicyDocument | undefined,
  account: string,
): Promise<Decision> {
  const result = await runSimulation(
    {
      request: {
        principal,
        action: need.action,
        resource: { resource: need.resource, accountId: account },
        contextVariables: {
          "aws:SecureTransport": "true",
          "s3:TlsVersion": "1.3",
          "aws:PrincipalArn": principal,
          "aws:PrincipalAccount": PLATFORM,
          // S3 puts the account that owns the bucket into every request's context.
          ...(need.action.startsWith("s3:") ? { "s3:ResourceAccount": account } : {}),
          ...need.context,
        },
      },
      identityPolicies: [{ name: "identity", policy: identity }],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      ...(resourcePolicy ? { resourcePolicy } : {}),
      additionalSettings: { s3: { blockPublicAccess: true } },
    },
    {},
  );
  if (result.resultType === "error") throw new Error(JSON.stringify(result.errors));
  return result.overallResult;
}
