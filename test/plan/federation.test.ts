import { runUnsafeSimulation } from "@cloud-copilot/iam-simulate";
import { Template } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import type { Config } from "../../src/config/config";
import type { PullDataset } from "../../src/config/dataset";
import { bucketArn, objectsArn } from "../../src/plan/arns";
import { entraProviderName, oidcProviderArn } from "../../src/plan/identityProviders";
import { federatedRoleName } from "../../src/plan/names";
import { buildPlan } from "../../src/plan/plan";
import type { PolicyDocument } from "../../src/plan/policyDocument";
import { configOf, repoConfig, synthesize } from "../synth";

const PLATFORM = "123456789012";
const TENANT = "0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d";
const OTHER_TENANT = "99999999-4f50-4a6b-8c7d-9e0f1a2b3c4d";
const OBJECT_ID = "6f7e8d9c-0b1a-4c2d-9e3f-4a5b6c7d8e9f";
const SA = "112233445566778899001";

const text = (name: string, extra: string) => ({
  kind: "pull" as const,
  path: `pull_datasets/${name}.yaml`,
  text: `name: ${name}\npull_arns: [arn:aws:iam::111122223333:role/reader]\nusers: [alpha_user_ana]\n${extra}`,
});
const google = `google_service_accounts:\n  - id: "${SA}"\n    email: reader@analytics-prod.iam.gserviceaccount.com\n`;
const azure = (tenant: string, audience = "api://exports-reader") =>
  `azure_workloads:\n  - tenant: ${tenant}\n    object_id: ${OBJECT_ID}\n    audience: ${audience}\n`;

type Role = { trust: PolicyDocument; policy: PolicyDocument };
type Resources = Record<string, { Type: string; Properties: Record<string, unknown> }>;

/** The federated roles and OIDC providers as synthesized, read back out of the templates. */
function deployed(config: Config) {
  const { templates } = synthesize(config);
  const roles = new Map<string, Role>();
  const providers: Record<string, unknown>[] = [];
  for (const { template } of templates) {
    for (const r of Object.values((template.Resources ?? {}) as Resources)) {
      const p = r.Properties;
      if (r.Type === "AWS::IAM::OIDCProvider") providers.push(p);
      if (r.Type === "AWS::IAM::Role" && String(p.RoleName).startsWith("pull_")) {
        const policies = p.Policies as { PolicyDocument: PolicyDocument }[];
        roles.set(p.RoleName as string, {
          trust: p.AssumeRolePolicyDocument as PolicyDocument,
          policy: policies[0]?.PolicyDocument as PolicyDocument,
        });
      }
    }
  }
  return { roles, providers, templates };
}

/**
 * The simulator's verdict on AssumeRoleWithWebIdentity with a token's claims as STS maps them to
 * condition keys. Its checked mode drops web identity keys, hence the unsafe entry point.
 */
function assume(trust: PolicyDocument, roleArn: string, provider: string, keys: Record<string, string>): string {
  const result = runUnsafeSimulation(
    {
      request: {
        principal: provider,
        action: "sts:AssumeRoleWithWebIdentity",
        resource: { resource: roleArn, accountId: PLATFORM },
        contextVariables: keys,
      },
      // The simulator reads a principal's account from its ARN, so it takes accounts.google.com for
      // another account, whose own policy must also allow: give it one that allows everything,
      // leaving the trust policy to decide. An ARN principal (Entra's provider) is of the role's
      // account and gets none, since there one allowing policy would be enough.
      identityPolicies: provider.startsWith("arn:")
        ? []
        : [
            {
              __validated: true,
              policy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] },
              name: "caller",
              errors: [],
            } as never,
          ],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      resourcePolicy: { __validated: true, policyDocument: trust, metadata: { name: "trust" }, errors: [] } as never,
    },
    {},
  );
  return result;
}

/** A Google service account ID token's claims, as STS maps them: `aud` is `azp`, `oaud` is `aud`. */
const googleKeys = (id: string, audience: string) => ({
  "accounts.google.com:aud": id,
  "accounts.google.com:oaud": audience,
  "accounts.google.com:sub": id,
});
const entraKeys = (tenant: string, objectId: string, audience: string) => ({
  [`${entraProviderName(tenant)}:aud`]: audience,
  [`${entraProviderName(tenant)}:sub`]: objectId,
});

describe("a pull dataset's Google and Azure principals, evaluated on the synthesized role", () => {
  let config: Config;
  let role: Role;
  let roleArn: string;
  const googleProvider = "accounts.google.com";
  const entraProvider = oidcProviderArn(PLATFORM, entraProviderName(TENANT));

  beforeAll(() => {
    config = configOf([
      text("shared-stats", google + azure(TENANT)),
      text("other_stats", azure(TENANT, "api://other")),
    ]);
    const found = deployed(config).roles.get(federatedRoleName("shared-stats"));
    expect(found).toBeDefined();
    role = found as Role;
    roleArn = `arn:aws:iam::${PLATFORM}:role/service-role/${federatedRoleName("shared-stats")}`;
  }, 120_000);

  it("lets the named Google service account in, with a token for the role's ARN", () => {
    expect(assume(role.trust, roleArn, googleProvider, googleKeys(SA, roleArn))).toBe("Allowed");
  });

  it("refuses another service account, another audience, and a token from another issuer", () => {
    const other = "112233445566778899002";
    expect(assume(role.trust, roleArn, googleProvider, googleKeys(other, roleArn)), "another account").toBe(
      "ImplicitlyDenied",
    );
    expect(
      assume(role.trust, roleArn, googleProvider, { ...googleKeys(SA, roleArn), "accounts.google.com:sub": other }),
      "azp and sub of different accounts",
    ).toBe("ImplicitlyDenied");
    expect(
      assume(role.trust, roleArn, googleProvider, googleKeys(SA, "https://example.org/another-service")),
      "same subject, another audience",
    ).toBe("ImplicitlyDenied");
    expect(
      assume(role.trust, roleArn, "cognito-identity.amazonaws.com", {
        "cognito-identity.amazonaws.com:aud": SA,
        "cognito-identity.amazonaws.com:sub": SA,
      }),
      "another issuer with the same claims",
    ).toBe("ImplicitlyDenied");
  });

  it("lets the named Entra workload in, and refuses another tenant, workload, audience or issuer", () => {
    expect(assume(role.trust, roleArn, entraProvider, entraKeys(TENANT, OBJECT_ID, "api://exports-reader"))).toBe(
      "Allowed",
    );
    const otherProvider = oidcProviderArn(PLATFORM, entraProviderName(OTHER_TENANT));
    expect(
      assume(role.trust, roleArn, otherProvider, entraKeys(OTHER_TENANT, OBJECT_ID, "api://exports-reader")),
      "another tenant",
    ).toBe("ImplicitlyDenied");
    expect(
      assume(
        role.trust,
        roleArn,
        entraProvider,
        entraKeys(TENANT, "6f7e8d9c-0b1a-4c2d-9e3f-000000000000", "api://exports-reader"),
      ),
      "another workload of the tenant",
    ).toBe("ImplicitlyDenied");
    expect(
      assume(role.trust, roleArn, entraProvider, entraKeys(TENANT, OBJECT_ID, "api://other")),
      "same subject, another audience",
    ).toBe("ImplicitlyDenied");
    expect(
      assume(role.trust, roleArn, googleProvider, {
        "accounts.google.com:aud": "api://exports-reader",
        "accounts.google.com:sub": OBJECT_ID,
      }),
      "a token from another issuer",
    ).toBe("ImplicitlyDenied");
  });

  it("grants the role what a pull ARN gets and nothing more", () => {
    const d = config.pull.find((p) => p.name === "shared-stats") as PullDataset;
    expect(role.policy.Statement.map((s) => [s.Action, s.Resource])).toEqual([
      [["s3:ListBucket", "s3:ListBucketVersions", "s3:GetBucketLocation"], bucketArn(d.bucket)],
      [["s3:GetObject", "s3:GetObjectVersion"], objectsArn(d.bucket)],
    ]);
  });

  it("creates one OIDC provider per Entra tenant, with every audience of its workloads", () => {
    const { providers, templates } = deployed(config);
    expect(providers).toEqual([
      { Url: `https://sts.windows.net/${TENANT}/`, ClientIdList: ["api://exports-reader", "api://other"] },
    ]);
    const federation = templates.find((t) => t.name === "DataExports-Federation");
    expect(federation).toBeDefined();
    Template.fromJSON(federation?.template as never).hasResourceProperties("AWS::IAM::OIDCProvider", {
      Url: `https://sts.windows.net/${TENANT}/`,
    });
  });

  it("refuses a dataset whose trust policy would pass IAM's limit, at its name", () => {
    const many = Array.from(
      { length: 8 },
      (_, i) =>
        `  - id: "1122334455667788990${String(i).padStart(2, "0")}"\n    email: reader${i}x@analytics-prod.iam.gserviceaccount.com\n`,
    ).join("");
    const result = buildPlan(configOf([text("crowded", `google_service_accounts:\n${many}`)]));
    expect(result.errors).toEqual([
      expect.objectContaining({ file: "pull_datasets/crowded.yaml", line: 1, column: 7, rule: "federated-trust-size" }),
    ]);
    expect(result.errors[0]?.message).toMatch(/over IAM's limit of 2048: found \d+ characters\. List fewer/);
  });
});

describe("an Entra tenant's OIDC provider, shared by every dataset naming the tenant", () => {
  // IAM registers at most 100 client ids (audiences) with one OIDC provider (CreateOpenIDConnectProvider,
  // ClientIDList: https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateOpenIDConnectProvider.html).
  const workloads = (from: number, count: number) =>
    "azure_workloads:\n" +
    Array.from(
      { length: count },
      (_, i) => `  - tenant: ${TENANT}\n    object_id: ${OBJECT_ID}\n    audience: api://reader-${from + i}\n`,
    ).join("");
  const datasets = (audiences: number) =>
    Array.from({ length: Math.ceil(audiences / 4) }, (_, d) =>
      text(`reader_${String(d).padStart(2, "0")}`, workloads(d * 4, Math.min(4, audiences - d * 4))),
    );

  it("takes 100 distinct audiences across datasets", () => {
    const result = buildPlan(configOf(datasets(100)));
    expect(result.errors).toEqual([]);
    expect(result.value.entraProviders[0]?.audiences).toHaveLength(100);
  });

  it("refuses a 101st, at the name of the last file that adds one, with a fix that works", () => {
    const result = buildPlan(configOf(datasets(101)));
    expect(result.errors).toEqual([
      expect.objectContaining({
        file: "pull_datasets/reader_25.yaml",
        line: 1,
        column: 7,
        rule: "entra-provider-audiences",
        severity: "error",
      }),
    ]);
    expect(result.errors[0]?.message).toMatch(/101 audiences.*over IAM's limit of 100: found 101 audiences\. /);
    // The fix: the last file's workload asks for an audience the tenant already has.
    const shared = /audience: (api:\/\/\S+?)[.,]? /.exec(result.errors[0]?.message ?? "")?.[1] ?? "";
    const fixed = datasets(101).map((d) =>
      d.path.endsWith("reader_25.yaml") ? { ...d, text: d.text.replace("api://reader-100", shared) } : d,
    );
    expect(buildPlan(configOf(fixed)).errors).toEqual([]);
  });
});

describe("a pull dataset with only Google and Azure principals (no pull_arns)", () => {
  it("validates, plans and synthesizes: no account in its bucket policy, its federated role reads", () => {
    const only = {
      kind: "pull" as const,
      path: "pull_datasets/only_federated.yaml",
      text: `name: only_federated\nusers: [alpha_user_ana]\n${google}${azure(TENANT)}`,
    };
    const config = configOf([only]);
    const d = config.pull[0] as PullDataset;
    expect(d.pullArns).toEqual([]);
    const planned = buildPlan(config);
    expect(planned.errors).toEqual([]);
    const pull = planned.value.pull[0];
    expect(pull?.policy.Statement.filter((s) => s.Effect === "Allow")).toEqual([]);
    const { roles, templates } = deployed(config);
    const role = roles.get(federatedRoleName("only_federated")) as Role;
    expect(role.trust.Statement.map((s) => s.Sid)).toEqual([`Google${SA}`, "Entra1"]);
    expect(role.policy.Statement.map((s) => s.Resource)).toEqual([bucketArn(d.bucket), objectsArn(d.bucket)]);
    const buckets = templates.flatMap(({ template }) =>
      Object.values((template.Resources ?? {}) as Resources).filter((r) => r.Type === "AWS::S3::Bucket"),
    );
    expect(buckets.some((b) => b.Properties.BucketName === d.bucket)).toBe(true);
  }, 120_000);
});

describe("a pull dataset with Google and Azure principals and expires", () => {
  const ending = text("ending", `${google}${azure(TENANT)}expires: 2026-12-31\n`);

  it("ends the federated role's grants with the agreement, as a pull ARN's", () => {
    const plan = buildPlan(configOf([ending]), new Date("2026-12-31T12:00:00Z")).value;
    const role = plan.pull[0]?.federatedRole;
    expect(role?.policy.Statement.length).toBe(2);
    for (const s of role?.policy.Statement ?? [])
      expect(s.Condition, s.Sid).toEqual({ DateLessThan: { "aws:CurrentTime": "2027-01-01T00:00:00Z" } });
  });

  it("has no federated role once its access has ended", () => {
    const plan = buildPlan(configOf([ending]), new Date("2027-01-01T12:00:00Z")).value;
    expect(plan.pull[0]?.federatedRole).toBeUndefined();
  });
});

describe("the repository's example datasets", () => {
  it("include a pull dataset with a Google principal and one with an Azure principal, each with its role", async () => {
    const { roles, providers } = deployed(await repoConfig());
    const config = await repoConfig();
    const withGoogle = config.pull.filter((d) => d.googleServiceAccounts.length > 0);
    const withAzure = config.pull.filter((d) => d.azureWorkloads.length > 0);
    expect(withGoogle.length).toBeGreaterThan(0);
    expect(withAzure.length).toBeGreaterThan(0);
    for (const d of [...withGoogle, ...withAzure]) expect(roles.has(federatedRoleName(d.name)), d.name).toBe(true);
    expect(providers.length).toBe(new Set(withAzure.flatMap((d) => d.azureWorkloads.map((w) => w.tenant))).size);
  }, 120_000);
});
