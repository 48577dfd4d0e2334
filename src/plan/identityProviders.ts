/**
 * The web identity issuers that pull datasets' federated roles trust, named in one place.
 *
 * Google is built in to AWS STS as `accounts.google.com`: no IAM OIDC provider is created, and a
 * trust policy conditions on `accounts.google.com:aud` (Google's `azp` claim when the token has
 * one, as a service account's ID token does: its unique id), `accounts.google.com:oaud` (the
 * token's `aud`: the audience the workload asked for) and `accounts.google.com:sub` (the service
 * account's unique id). Source: IAM User Guide, "Available keys for AWS web identity federation"
 * (reference_policies_iam-condition-keys.html#condition-keys-wif).
 *
 * Microsoft Entra ID needs an IAM OIDC provider per tenant. Its issuer is the v1.0 one,
 * `https://sts.windows.net/<tenant>/`: access tokens a managed identity gets for an app
 * registration are v1.0 unless the registration asks for v2.0 (accessTokenAcceptedVersion), and
 * the v1.0 `aud` is the Application ID URI the workload asked for. Conditions use
 * `sts.windows.net/<tenant>/:aud` and `:sub` (the workload's object id). Source: AWS Security
 * Blog, "How to access AWS resources from Microsoft Entra ID tenants using AWS Security Token
 * Service" (2024), and Microsoft identity platform "Access tokens" (claims iss, aud, sub, oid).
 */

/** STS's name for Google as a web identity provider: the trust policy's `Federated` principal. */
export const GOOGLE_PROVIDER = "accounts.google.com";

/** The token issuer of an Entra tenant, as the IAM OIDC provider's URL. */
export const entraIssuer = (tenant: string) => `https://sts.windows.net/${tenant}/`;

/** The issuer without its scheme: the IAM OIDC provider's name, and the prefix of its condition keys. */
export const entraProviderName = (tenant: string) => `sts.windows.net/${tenant}/`;

/** The ARN of an account's IAM OIDC provider of this name. */
export const oidcProviderArn = (account: string, providerName: string) =>
  `arn:aws:iam::${account}:oidc-provider/${providerName}`;
