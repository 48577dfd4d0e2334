import { GOOGLE_PROVIDER } from "../../plan/identityProviders";
import type { Plan } from "../../plan/plan";
import type { PolicyDocument, Statement } from "../../plan/policyDocument";
import { localIssuerName, localIssuerUrl, type IssuerHost } from "./localIssuers";

/** An OIDC provider of the engine: an issuer it trusts, and the audiences it accepts (none: any). */
export interface LocalOidcProvider {
  url: string;
  clientIds: string[];
}

export interface LocalFederatedRole {
  dataset: string;
  name: string;
  path: string;
  trust: PolicyDocument;
  policy: PolicyDocument;
}

/** The engine refuses `_` in role names, as for the mover roles. */
export const localFederatedRoleName = (dataset: string) => `pull-${dataset.replaceAll("_", "-")}-federated`;

const OIDC_PROVIDER = ":oidc-provider/";

/**
 * The engine's name for a condition key of AWS's, or undefined where the engine has none.
 * Ceph 16 sets two keys from a web identity token: `<issuer>:sub` and `<issuer>:app_id` (the
 * token's `aud`). AWS's `accounts.google.com:oaud` and an Entra provider's `:aud` are the token's
 * `aud`; `accounts.google.com:aud` is Google's `azp`, which the engine does not read: that
 * condition is proved by the simulator only (docs/local-platform.md, gaps).
 */
function engineConditionKey(awsName: string, key: string): string | undefined {
  if (key === "sub") return "sub";
  if (awsName === GOOGLE_PROVIDER) return key === "oaud" ? "app_id" : undefined;
  return key === "aud" ? "app_id" : undefined;
}

/** The issuer AWS names in a trust statement: `accounts.google.com`, or an OIDC provider's URL without scheme. */
function awsIssuerName(statement: Statement): string {
  const principal = statement.Principal;
  const federated = typeof principal === "object" && "Federated" in principal ? principal.Federated : "";
  const at = federated.indexOf(OIDC_PROVIDER);
  return at < 0 ? federated : federated.slice(at + OIDC_PROVIDER.length);
}

/** One trust statement of the plan, with the local issuer as principal and the engine's condition keys. */
function localTrustStatement(statement: Statement, host: IssuerHost): Statement {
  const awsName = awsIssuerName(statement);
  const local = localIssuerName(host, awsName);
  const condition: Record<string, Record<string, string | string[] | boolean>> = {};
  for (const [operator, pairs] of Object.entries(statement.Condition ?? {})) {
    for (const [key, value] of Object.entries(pairs)) {
      const engineKey = engineConditionKey(awsName, key.slice(awsName.length + 1));
      if (engineKey) (condition[operator] ??= {})[`${local}:${engineKey}`] = value;
    }
  }
  return {
    ...statement,
    Principal: { Federated: `arn:aws:iam:::oidc-provider/${local}` },
    Condition: condition,
  };
}

/**
 * The plan's federated roles and identity providers on the engine. The audiences stay those of
 * the plan (a Google workload still asks for the AWS role's ARN): they are only strings to match.
 * Google gets a provider here, with no audience list, because AWS has it built in with none.
 */
export function localFederatedRoles(
  plan: Plan,
  host: IssuerHost,
): { roles: LocalFederatedRole[]; providers: LocalOidcProvider[] } {
  const roles = plan.pull.flatMap(({ dataset, federatedRole }) =>
    federatedRole
      ? [
          {
            dataset: dataset.name,
            name: localFederatedRoleName(dataset.name),
            path: federatedRole.path,
            trust: {
              ...federatedRole.trust,
              Statement: federatedRole.trust.Statement.map((s) => localTrustStatement(s, host)),
            },
            policy: federatedRole.policy,
          },
        ]
      : [],
  );
  const google = plan.pull.some((p) => p.dataset.googleServiceAccounts.length > 0);
  const providers: LocalOidcProvider[] = [
    ...(google ? [{ url: localIssuerUrl(host, GOOGLE_PROVIDER), clientIds: [] }] : []),
    ...plan.entraProviders.map((p) => ({
      url: localIssuerUrl(host, p.url.replace(/^https:\/\//, "")),
      clientIds: p.audiences,
    })),
  ];
  return { roles, providers };
}
