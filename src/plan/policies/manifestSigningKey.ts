import type { Settings } from "../../config/settings";
import { MANIFEST_SIGN, SIGNING_KEY_ADMIN } from "../actions";
import { accountRootArn } from "../arns";
import type { PolicyDocument } from "../policyDocument";
import { moverFunctionRoleArn } from "./moverRole";

/**
 * The key policy of the key that signs sealed batches' manifests (decision 0018). A KMS key
 * policy is the key's primary control: an IAM policy allows an action on the key only where the
 * key policy lets the account's IAM policies decide it. So the account may administer the key
 * and read its public half, but not Sign; only the mover function's role may Sign, named here.
 * An administrator who rewrites this policy (kms:PutKeyPolicy) could grant Sign: that change is
 * logged by CloudTrail, and leaving PutKeyPolicy out would make the key unmanageable.
 * https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-overview.html
 * https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html
 */
export function manifestSigningKeyPolicy(settings: Settings): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "AccountAdministersNotSigns",
        Effect: "Allow",
        Principal: { AWS: accountRootArn(settings.accountId) },
        Action: SIGNING_KEY_ADMIN,
        Resource: "*",
      },
      {
        Sid: "MoverSignsManifests",
        Effect: "Allow",
        Principal: { AWS: moverFunctionRoleArn(settings) },
        Action: MANIFEST_SIGN,
        Resource: "*",
      },
    ],
  };
}
