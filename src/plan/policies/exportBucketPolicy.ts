import { policy, type PolicyDocument } from "../policyDocument";
import { tlsOnly } from "./tlsOnly";

/**
 * The export bucket's policy: TLS only. Who may write where is granted to each platform user's
 * role, and what the mover may read and delete to each dataset's role, both in the same account.
 */
export function exportBucketPolicy(exportBucket: string): PolicyDocument {
  return policy(...tlsOnly(exportBucket));
}
