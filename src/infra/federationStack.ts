import { CfnWaitConditionHandle, Stack, type StackProps } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import type { Construct } from "constructs";
import type { EntraProviderPlan } from "../plan/plan";
import { ownedBy } from "./resourceOwners";

/**
 * The IAM OIDC providers of the Entra tenants that pull datasets name. A provider is one per
 * issuer in the whole account, shared by datasets in any pull shard, so it lives in its own stack
 * that the pull shards depend on, rather than in whichever shard happened to name it first.
 * Google needs none: STS knows accounts.google.com.
 */
export class FederationStack extends Stack {
  constructor(scope: Construct, id: string, providers: readonly EntraProviderPlan[], props: StackProps) {
    super(scope, id, props);
    // Keeps the stack deployable when no dataset names an Entra tenant.
    new CfnWaitConditionHandle(this, "Keep");
    for (const provider of providers) {
      // The construct id is the tenant, so adding a tenant never replaces another's provider. No
      // thumbprint: IAM verifies the issuer's certificate through its own trusted CAs
      // (IAM User Guide, "Create an OpenID Connect (OIDC) identity provider in IAM").
      const oidc = new iam.CfnOIDCProvider(this, provider.tenant, {
        url: provider.url,
        clientIdList: provider.audiences,
      });
      ownedBy(provider.datasets, oidc);
    }
  }
}
