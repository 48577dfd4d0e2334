import { X509Certificate, createHash } from "node:crypto";
import { createRemoteJWKSet, jwtVerify } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AZURE_TOKEN_PATH, googleIdentityPath, localIssuerUrl } from "../../src/local/federation/localIssuers";
import { startIssuer, type LocalIssuer } from "../../src/local/federation/oidcIssuer";
import { TEST_PORTS, slotPort } from "../ports";

const GOOGLE = { id: "104729384756102938475", email: "reader@project.iam.gserviceaccount.com" };
const AZURE = {
  tenant: "3f2a9c1e-7b4d-4e8a-9c6f-1d2e3f4a5b6c",
  objectId: "8d7c6b5a-4e3f-4a2b-9c1d-0e9f8a7b6c5d",
  audience: "api://reader",
};
/** The same object id, named by a dataset file in a second tenant. */
const SECOND_TENANT = { ...AZURE, tenant: "0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9" };
let issuer: LocalIssuer;
beforeAll(async () => {
  issuer = await startIssuer(slotPort(TEST_PORTS["test/local/oidcIssuer.test.ts"].issuer), {
    googleServiceAccounts: [GOOGLE],
    azureWorkloads: [AZURE, SECOND_TENANT],
  });
});
afterAll(() => issuer?.stop());

const base = () => `http://${issuer.host}`;
const discovery = async (iss: string) =>
  (await (await fetch(`${iss.replace(/\/$/, "")}/.well-known/openid-configuration`)).json()) as {
    issuer: string;
    jwks_uri: string;
  };

/** Checks a token as any OpenID Connect relying party would, from the issuer's discovery document alone. */
async function verify(token: string, iss: string, audience: string) {
  const found = await discovery(iss);
  expect(found.issuer).toBe(iss);
  return (await jwtVerify(token, createRemoteJWKSet(new URL(found.jwks_uri)), { issuer: iss, audience })).payload;
}

describe("the local web identity issuer", () => {
  it("gives a Google service account an ID token that verifies against its discovery document", async () => {
    const response = await fetch(`${base()}${googleIdentityPath(GOOGLE.email)}?audience=arn:aws:iam::1:role/x`, {
      headers: { "Metadata-Flavor": "Google" },
    });
    expect(response.status).toBe(200);
    const claims = await verify(
      await response.text(),
      localIssuerUrl(issuer.host, "accounts.google.com"),
      "arn:aws:iam::1:role/x",
    );
    expect(claims).toMatchObject({ sub: GOOGLE.id, azp: GOOGLE.id, email: GOOGLE.email });
  });

  it("gives an Azure managed identity a token of its tenant's issuer (which ends in a slash)", async () => {
    const query = new URLSearchParams({ resource: AZURE.audience, object_id: AZURE.objectId, tenant: AZURE.tenant });
    const response = await fetch(`${base()}${AZURE_TOKEN_PATH}?${query.toString()}`, { headers: { Metadata: "true" } });
    const token = ((await response.json()) as { access_token: string }).access_token;
    const iss = localIssuerUrl(issuer.host, `sts.windows.net/${AZURE.tenant}/`);
    expect(iss.endsWith("/")).toBe(true);
    expect(await verify(token, iss, AZURE.audience)).toMatchObject({ sub: AZURE.objectId, tid: AZURE.tenant });
  });

  it("gives an object id named in two tenants the token of the tenant asked for, and asks which when none is", async () => {
    const ask = (tenant?: string) => {
      const query = new URLSearchParams({
        resource: AZURE.audience,
        object_id: AZURE.objectId,
        ...(tenant ? { tenant } : {}),
      });
      return fetch(`${base()}${AZURE_TOKEN_PATH}?${query.toString()}`, { headers: { Metadata: "true" } });
    };
    for (const { tenant } of [AZURE, SECOND_TENANT]) {
      const response = await ask(tenant);
      expect(response.status).toBe(200);
      const token = ((await response.json()) as { access_token: string }).access_token;
      const iss = localIssuerUrl(issuer.host, `sts.windows.net/${tenant}/`);
      expect(await verify(token, iss, AZURE.audience)).toMatchObject({ sub: AZURE.objectId, tid: tenant });
    }
    const unsaid = await ask();
    expect(unsaid.status).toBe(400);
    expect(await unsaid.text()).toContain(
      `add &tenant=<tenant> to say whose token it asks for, e.g. &tenant=${AZURE.tenant}`,
    );
  });

  it("publishes its certificate (x5c) and its thumbprint is that certificate's SHA-1", async () => {
    const jwks = (await (
      await fetch((await discovery(localIssuerUrl(issuer.host, "accounts.google.com"))).jwks_uri)
    ).json()) as {
      keys: { x5c: string[] }[];
    };
    const der = Buffer.from(jwks.keys[0]?.x5c[0] ?? "", "base64");
    expect(new X509Certificate(der).subject).toContain("data-exports local issuer");
    expect(issuer.thumbprint).toBe(createHash("sha1").update(der).digest("hex"));
  });

  it.each([
    [
      "an unknown service account",
      `${googleIdentityPath("other@p.iam.gserviceaccount.com")}?audience=a`,
      { "Metadata-Flavor": "Google" },
      404,
    ],
    ["a request without the metadata header", `${googleIdentityPath(GOOGLE.email)}?audience=a`, {}, 403],
    ["an unknown managed identity", `${AZURE_TOKEN_PATH}?resource=a&object_id=0`, { Metadata: "true" }, 404],
    ["an issuer it does not stand in for", "/issuer.example/.well-known/openid-configuration", {}, 404],
  ])("refuses %s", async (_, path, headers: Record<string, string>, status) => {
    expect((await fetch(`${base()}${path}`, { headers })).status).toBe(status);
  });
});
