import type { Config } from "../../config/config";
import { compareText, type Issue } from "../../config/issue";
import { message } from "../../config/message";
import type { RuleMeta } from "../../config/ruleMeta";
import type { EntraProviderPlan } from "../plan";

/** The rule `entra-provider-audiences`: its id and its row of docs/rules.md. */
export const ENTRA_PROVIDER_AUDIENCES_RULE: RuleMeta = {
  id: "entra-provider-audiences",
  severity: "error",
  description:
    "An Entra tenant's IAM OIDC provider, one for every pull dataset naming the tenant, lists each distinct `audience` their workloads ask for; IAM registers at most 100 with one provider ([CreateOpenIDConnectProvider](https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateOpenIDConnectProvider.html)). Reported at the name of the last file (by path) that adds an audience.",
};

/**
 * IAM's limit on the client ids (audiences) of one OIDC provider: "You cannot register more than
 * 100 client IDs with a single IAM OIDC provider" (IAM API Reference, CreateOpenIDConnectProvider).
 */
export const OIDC_PROVIDER_AUDIENCES_LIMIT = 100;

/** A tenant whose provider would list more audiences than IAM registers, at the last file adding one. */
export function entraProviderAudiences(providers: readonly EntraProviderPlan[], config: Config): Issue[] {
  return providers.flatMap((provider): Issue[] => {
    const count = provider.audiences.length;
    if (count <= OIDC_PROVIDER_AUDIENCES_LIMIT) return [];
    const adding = config.pull
      .filter((d) => d.azureWorkloads.some((w) => w.tenant === provider.tenant))
      .sort((a, b) => compareText(a.file, b.file));
    const last = adding.at(-1);
    // An audience the other files keep: workloads may share one, since each is told apart by its object id.
    const others = new Set(
      adding.slice(0, -1).flatMap((d) => d.azureWorkloads.filter((w) => w.tenant === provider.tenant)),
    );
    const shared = [...others].map((w) => w.audience).sort(compareText)[0] ?? provider.audiences[0];
    const what = `the Entra tenant ${provider.tenant} would have ${count} audiences across the pull datasets naming it, and its one IAM OIDC provider would list them all, over IAM's limit of ${OIDC_PROVIDER_AUDIENCES_LIMIT}`;
    const fix = `Let this file's workloads ask their tokens for an audience the tenant already has, e.g. audience: ${shared}, or name fewer distinct audiences.`;
    return [
      {
        file: last?.file ?? "",
        ...(last?.source.name ?? { line: 1, column: 1 }),
        rule: ENTRA_PROVIDER_AUDIENCES_RULE.id,
        severity: "error",
        message: message(what, `${count} audiences`, fix),
      },
    ];
  });
}
