import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/loadConfig";
import {
  AZURE_TOKEN_PATH,
  entraAccessTokenClaims,
  googleIdTokenClaims,
  googleIdentityPath,
  localIssuerUrl,
} from "../../src/local/federation/localIssuers";
import { signToken } from "../../src/local/federation/oidcIssuer";
import { makeSigningKey } from "../../src/local/federation/signingKey";
import { localS3Client } from "../../src/local/localS3Client";
import { LOCAL_ADMIN, type LocalPlatform } from "../../src/local/platform";
import { buildPlan, type Plan } from "../../src/plan/plan";
import { FIXTURES } from "../support";
import { awsCli, startTestPlatform } from "./testPlatform";

/**
 * Google and Azure principals on the real engine: a workload gets a token from the local issuer,
 * exchanges it with Debian's AWS CLI (`sts assume-role-with-web-identity`, no stored secret) and
 * reads its pull bucket; every token the issue names as foreign is refused by the engine.
 */
let platform: LocalPlatform;
let plan: Plan;
let home: string;
const log: string[] = [];

beforeAll(async () => {
  plan = buildPlan((await loadConfig(join(FIXTURES, "repos/local"))).value).value;
  platform = await startTestPlatform("test/e2e/federation.test.ts", plan, { sweepEveryMs: 60_000, log });
  home = await mkdtemp(join(tmpdir(), "exports-federation-e2e-"));
  const admin = localS3Client(platform.endpoint, LOCAL_ADMIN);
  for (const bucket of ["mojap-shared-data", "mojap-inbox"])
    await admin.send(new PutObjectCommand({ Bucket: bucket, Key: "data.csv", Body: `data of ${bucket}` }));
}, 120_000);
afterAll(async () => {
  await platform?.stop();
  if (home) await rm(home, { recursive: true, force: true });
});

type Session = { accessKeyId: string; secretAccessKey: string; sessionToken: string };

/** Runs Debian's AWS CLI with only these keys (or none), as a person would; never throws. */
const aws = (session: Session | undefined, ...args: string[]) => awsCli(platform.endpoint, home, session, ...args);

/** The engine's answer to AssumeRoleWithWebIdentity: the session, or undefined when refused. */
async function exchange(roleArn: string, token: string): Promise<Session | undefined> {
  const out = await aws(
    undefined,
    "sts",
    "assume-role-with-web-identity",
    "--role-arn",
    roleArn,
    "--role-session-name",
    "e2e",
    "--web-identity-token",
    token,
  );
  if (out.code !== 0) return undefined;
  const c = (
    JSON.parse(out.stdout) as { Credentials: { AccessKeyId: string; SecretAccessKey: string; SessionToken: string } }
  ).Credentials;
  return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken };
}

const roleOf = (dataset: string) => platform.spec.federated.find((f) => f.dataset === dataset)?.roleArn ?? "";
const pullOf = (dataset: string) => plan.pull.find((p) => p.dataset.name === dataset);
const now = () => Math.floor(Date.now() / 1000);
const issuer = () => `http://${platform.issuer.host}`;

/** What a Google workload's metadata server answers, here the local issuer's. */
async function googleToken(email: string, audience: string): Promise<string> {
  const url = `${issuer()}${googleIdentityPath(email)}?audience=${encodeURIComponent(audience)}`;
  const response = await fetch(url, { headers: { "Metadata-Flavor": "Google" } });
  expect(response.status).toBe(200);
  return response.text();
}

/** What Azure's instance metadata service answers for a managed identity, here the local issuer's. */
async function azureToken(objectId: string, resource: string): Promise<string> {
  const query = new URLSearchParams({ "api-version": "2018-02-01", resource, object_id: objectId });
  const response = await fetch(`${issuer()}${AZURE_TOKEN_PATH}?${query.toString()}`, { headers: { Metadata: "true" } });
  expect(response.status).toBe(200);
  return ((await response.json()) as { access_token: string }).access_token;
}

const readsBucket = async (session: Session | undefined, bucket: string) =>
  session !== undefined &&
  (await aws(session, "s3", "cp", `s3://${bucket}/data.csv`, "-")).stdout === `data of ${bucket}`;

describe("a Google service account, through web identity federation on the engine", () => {
  const google = () => pullOf("shared_data")?.dataset.googleServiceAccounts[0] ?? { id: "", email: "" };
  const audience = () => pullOf("shared_data")?.federatedRole?.arn ?? "";

  it("reads its pull bucket with a token from its metadata server, and nothing else", { timeout: 60_000 }, async () => {
    const session = await exchange(roleOf("shared_data"), await googleToken(google().email, audience()));
    expect(session, `the exchange; platform log:\n${log.join("\n")}`).toBeDefined();
    expect((await aws(session, "s3", "ls", "s3://mojap-shared-data/")).stdout).toContain("data.csv");
    expect(await readsBucket(session, "mojap-shared-data")).toBe(true);
    expect(await readsBucket(session, "mojap-inbox"), "another dataset's bucket").toBe(false);
    const write = await aws(session, "s3", "cp", "/etc/hostname", "s3://mojap-shared-data/mine.csv");
    expect(write.code, "no write without allow_push").not.toBe(0);
  });

  it.each([
    ["another service account", () => ({ ...google(), id: "100000000000000000099" }), () => audience()],
    ["the same service account with another audience", () => google(), () => `${audience()}-other`],
  ])("refuses %s", { timeout: 60_000 }, async (_, account, aud) => {
    const token = await platform.issuer.sign(googleIdTokenClaims(platform.issuer.host, account(), aud(), now()));
    expect(await exchange(roleOf("shared_data"), token)).toBeUndefined();
  });

  it("refuses its own token at another dataset's role", { timeout: 60_000 }, async () => {
    const token = await googleToken(google().email, audience());
    expect(await exchange(roleOf("inbox"), token)).toBeUndefined();
  });

  it("refuses a token that is not from that issuer", { timeout: 60_000 }, async () => {
    const claims = googleIdTokenClaims(platform.issuer.host, google(), audience(), now());
    const forged = await signToken(await makeSigningKey("local-1"), claims);
    expect(await exchange(roleOf("shared_data"), forged), "signed with another key").toBeUndefined();
    const elsewhere = { ...claims, iss: localIssuerUrl(platform.issuer.host, "issuer.example") };
    expect(await exchange(roleOf("shared_data"), await platform.issuer.sign(elsewhere)), "another issuer").toBe(
      undefined,
    );
  });
});

describe("an Azure managed identity, through web identity federation on the engine", () => {
  const workload = () => pullOf("inbox")?.dataset.azureWorkloads[0] ?? { tenant: "", objectId: "", audience: "" };
  const otherTenant = () => pullOf("shared_data")?.dataset.azureWorkloads[0]?.tenant ?? "";

  it(
    "writes and reads its pull bucket (allow_push) with a token from its managed identity endpoint",
    {
      timeout: 60_000,
    },
    async () => {
      const session = await exchange(roleOf("inbox"), await azureToken(workload().objectId, workload().audience));
      expect(session, `the exchange; platform log:\n${log.join("\n")}`).toBeDefined();
      expect(await readsBucket(session, "mojap-inbox")).toBe(true);
      const write = await aws(session, "s3", "cp", "/etc/hostname", "s3://mojap-inbox/from-azure.csv");
      expect(write.code, write.stderr).toBe(0);
      expect(await readsBucket(session, "mojap-shared-data"), "another dataset's bucket").toBe(false);
    },
  );

  it.each([
    [
      "another workload of the same tenant",
      () => ({ ...workload(), objectId: "99999999-8888-4777-8666-555555555555" }),
    ],
    ["the same object id from another tenant", () => ({ ...workload(), tenant: otherTenant() })],
  ])("refuses %s", { timeout: 60_000 }, async (_, who) => {
    const token = await platform.issuer.sign(
      entraAccessTokenClaims(platform.issuer.host, who(), workload().audience, now()),
    );
    expect(await exchange(roleOf("inbox"), token)).toBeUndefined();
  });

  it("refuses the same workload with another audience", { timeout: 60_000 }, async () => {
    expect(
      await exchange(roleOf("inbox"), await azureToken(workload().objectId, "api://another-application")),
    ).toBeUndefined();
  });

  it("refuses a token that is not from that issuer", { timeout: 60_000 }, async () => {
    const claims = entraAccessTokenClaims(platform.issuer.host, workload(), workload().audience, now());
    const forged = await signToken(await makeSigningKey("local-1"), claims);
    expect(await exchange(roleOf("inbox"), forged)).toBeUndefined();
  });
});
