import type { AzureWorkload, GoogleServiceAccount } from "../../config/dataset";
import { GOOGLE_PROVIDER, entraProviderName } from "../../plan/identityProviders";

/**
 * The local stand-ins for Google's and Entra's token issuers, all served by one loopback issuer.
 * Each keeps the name AWS knows it by (`accounts.google.com`, `sts.windows.net/<tenant>/`) as its
 * path, so a local issuer is `http://127.0.0.1:<port>/<that name>` and the engine's condition keys
 * read `127.0.0.1:<port>/<that name>:sub` where AWS's read `<that name>:sub`. Pure.
 */

/** The issuer's `host:port`: the engine's name for a provider is its URL without the scheme. */
export type IssuerHost = string;

export const localIssuerName = (host: IssuerHost, awsName: string) => `${host}/${awsName}`;
export const localIssuerUrl = (host: IssuerHost, awsName: string) => `http://${localIssuerName(host, awsName)}`;

/** Where a Google workload asks its metadata server for an ID token, as on Compute Engine, Cloud Run and GKE. */
export const googleIdentityPath = (email: string) =>
  `/computeMetadata/v1/instance/service-accounts/${encodeURIComponent(email)}/identity`;

/** Where an Azure workload asks the instance metadata service for a managed identity's token. */
export const AZURE_TOKEN_PATH = "/metadata/identity/oauth2/token";

export type Claims = Record<string, string | number | boolean>;

const HOUR = 3600;

/** What Google puts in a service account's ID token: `sub` and `azp` are its unique id. */
export function googleIdTokenClaims(
  host: IssuerHost,
  account: GoogleServiceAccount,
  audience: string,
  now: number,
): Claims {
  return {
    iss: localIssuerUrl(host, GOOGLE_PROVIDER),
    aud: audience,
    azp: account.id,
    sub: account.id,
    email: account.email,
    email_verified: true,
    iat: now,
    exp: now + HOUR,
  };
}

/** What Entra puts in a managed identity's v1.0 access token: `sub` and `oid` are its object id. */
export function entraAccessTokenClaims(
  host: IssuerHost,
  workload: Pick<AzureWorkload, "tenant" | "objectId">,
  audience: string,
  now: number,
): Claims {
  return {
    iss: localIssuerUrl(host, entraProviderName(workload.tenant)),
    aud: audience,
    sub: workload.objectId,
    oid: workload.objectId,
    tid: workload.tenant,
    iat: now,
    nbf: now,
    exp: now + HOUR,
  };
}
