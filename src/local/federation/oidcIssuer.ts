import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { SignJWT } from "jose";
import type { AzureWorkload, GoogleServiceAccount } from "../../config/dataset";
import { GOOGLE_PROVIDER, entraProviderName } from "../../plan/identityProviders";
import {
  AZURE_TOKEN_PATH,
  entraAccessTokenClaims,
  googleIdTokenClaims,
  localIssuerUrl,
  type Claims,
  type IssuerHost,
} from "./localIssuers";
import { makeSigningKey, type SigningKey } from "./signingKey";

const DISCOVERY = "/.well-known/openid-configuration";
const JWKS = "/jwks";
const KID = "local-1";
const GOOGLE_IDENTITY = /^\/computeMetadata\/v1\/instance\/service-accounts\/([^/]+)\/identity$/;

export interface LocalIssuer {
  host: IssuerHost;
  /** The signing certificate's SHA-1 thumbprint, for the engine's OIDC providers. */
  thumbprint: string;
  /** A token with these claims, signed with the issuer's key (tests make the tokens no workload would get). */
  sign(claims: Claims): Promise<string>;
  stop(): Promise<void>;
}

/** What the issuer knows: the identities a metadata server would hand tokens to. */
export interface IssuerIdentities {
  googleServiceAccounts: readonly GoogleServiceAccount[];
  azureWorkloads: readonly AzureWorkload[];
}

/**
 * The managed identity a token request names. On Azure each machine's endpoint answers for its
 * own identities, each in one tenant; this issuer stands in for every machine at once, so an
 * object id that dataset files name in two tenants needs `tenant=` (a local addition to the
 * request, which the printout adds where needed) to say which machine asks.
 */
export function azureWorkloadOf(
  workloads: readonly AzureWorkload[],
  objectId: string,
  tenant: string | null,
): AzureWorkload | string {
  const named = workloads.filter((w) => w.objectId === objectId && (tenant === null || w.tenant === tenant));
  const tenants = [...new Set(named.map((w) => w.tenant))];
  if (named[0] === undefined) return "unknown";
  if (tenants.length > 1)
    return `managed identity ${objectId} is named in tenants ${tenants.join(" and ")}: add &tenant=<tenant> to say whose token it asks for, e.g. &tenant=${tenants[0]}`;
  return named[0];
}

export const signToken = (key: SigningKey, claims: Claims) =>
  new SignJWT(claims).setProtectedHeader({ alg: "RS256", kid: KID, typ: "JWT" }).sign(key.privateKey);

/**
 * A small OpenID Connect issuer on loopback, standing in for Google's and every named Entra
 * tenant's: a discovery document and a JWKS per issuer (one RSA key made at start), and the two
 * metadata endpoints through which a workload gets its token, shaped as Google's metadata server
 * and Azure's instance metadata service. It hands tokens only to the identities it is given.
 */
export async function startIssuer(port: number, identities: IssuerIdentities): Promise<LocalIssuer> {
  const key = await makeSigningKey(KID);
  const host = `127.0.0.1:${port}`;
  const issuers = new Set([GOOGLE_PROVIDER, ...identities.azureWorkloads.map((w) => entraProviderName(w.tenant))]);
  const now = () => Math.floor(Date.now() / 1000);

  // The engine asks for `<iss>/.well-known/…`, so an issuer ending in `/` gives a `//`.
  const issuerOf = (path: string, suffix: string) => {
    const name = path.slice(1, -suffix.length);
    return [name, `${name}/`].find((n) => issuers.has(n));
  };
  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? "/", `http://${host}`);
    const path = url.pathname.replace(/\/{2,}/g, "/");
    const send = (status: number, type: string, body: string) => {
      response.writeHead(status, { "content-type": type }).end(body);
    };
    const json = (body: unknown) => send(200, "application/json", JSON.stringify(body));
    const refuse = (status: number, why: string) => send(status, "text/plain", `${why}\n`);
    if (request.method !== "GET") return refuse(405, "only GET");

    if (path.endsWith(DISCOVERY) && issuerOf(path, DISCOVERY)) {
      const issuer = localIssuerUrl(host, issuerOf(path, DISCOVERY) ?? "");
      return json({
        issuer,
        jwks_uri: `${issuer.replace(/\/$/, "")}${JWKS}`,
        response_types_supported: ["id_token"],
        subject_types_supported: ["public"],
        id_token_signing_alg_values_supported: ["RS256"],
      });
    }
    if (path.endsWith(JWKS) && issuerOf(path, JWKS)) return json({ keys: [key.jwk] });

    const google = GOOGLE_IDENTITY.exec(path);
    if (google) {
      if (request.headers["metadata-flavor"] !== "Google") return refuse(403, "missing Metadata-Flavor: Google");
      const audience = url.searchParams.get("audience");
      if (!audience) return refuse(400, "missing ?audience=");
      const wanted = decodeURIComponent(google[1] ?? "");
      const account = identities.googleServiceAccounts.find((a) => a.email === wanted || a.id === wanted);
      if (!account) return refuse(404, `no service account ${wanted} here`);
      return send(200, "text/plain", await signToken(key, googleIdTokenClaims(host, account, audience, now())));
    }
    if (path === AZURE_TOKEN_PATH) {
      if (request.headers.metadata !== "true") return refuse(400, "missing Metadata: true");
      const resource = url.searchParams.get("resource");
      const objectId = url.searchParams.get("object_id");
      if (!resource || !objectId) return refuse(400, "missing ?resource= or &object_id=");
      const found = azureWorkloadOf(identities.azureWorkloads, objectId, url.searchParams.get("tenant"));
      if (typeof found === "string")
        return refuse(
          found === "unknown" ? 404 : 400,
          found === "unknown" ? `no managed identity ${objectId} here` : found,
        );
      const workload = found;
      const time = now();
      return json({
        access_token: await signToken(key, entraAccessTokenClaims(host, workload, resource, time)),
        expires_on: String(time + 3600),
        resource,
        token_type: "Bearer",
      });
    }
    return refuse(404, "not found");
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      response.writeHead(500).end(`${(error as Error).message}\n`);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", resolve);
  });
  return {
    host,
    thumbprint: key.thumbprint,
    sign: (claims) => signToken(key, claims),
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
