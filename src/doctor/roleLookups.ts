import { GetRoleCommand, type IAMClient } from "@aws-sdk/client-iam";
import { accountOf } from "../plan/arns";

/** IAM's answer about one platform user's role (same name as the user, path `/`), and when. */
export type RoleLookup = { user: string; at: string } & (
  { outcome: "exists"; arn: string } | { outcome: "gone"; requestId?: string } | { outcome: "unknown"; error: string }
);

/**
 * Only this answer proves a role is gone: GetRole's one documented error for a name that names no
 * role (IAM API Reference, GetRole, "Errors": NoSuchEntity, HTTP 404; the SDK names it
 * NoSuchEntityException). AccessDenied, throttling (after the SDK's retries), a 5xx or a network
 * failure prove nothing, so they never count as gone.
 */
export const isNoSuchEntity = (error: { name?: string }) =>
  error.name === "NoSuchEntityException" || error.name === "NoSuchEntity";

/**
 * Asks IAM for each user's role, one at a time (IAM's control plane throttles bursts), and records
 * each answer with its time and AWS's request id: the evidence a removal is proposed on. A failure
 * IAM did not answer (no HTTP status: no credentials, no network) would repeat for every user,
 * each after the SDK's retries, so the users left are recorded as unknown with it, unasked.
 */
export async function lookUpRoles(iam: IAMClient, users: readonly string[], now: () => Date): Promise<RoleLookup[]> {
  const lookups: RoleLookup[] = [];
  for (const [i, user] of users.entries()) {
    try {
      const answer = await iam.send(new GetRoleCommand({ RoleName: user }));
      lookups.push({ user, at: now().toISOString(), outcome: "exists", arn: answer.Role?.Arn ?? "" });
    } catch (error) {
      const e = error as {
        name?: string;
        message?: string;
        $metadata?: { requestId?: string; httpStatusCode?: number };
      };
      const at = now().toISOString();
      const requestId = e.$metadata?.requestId;
      if (isNoSuchEntity(e)) {
        lookups.push({ user, at, outcome: "gone", ...(requestId ? { requestId } : {}) });
        continue;
      }
      const failure = `${e.name ?? "Error"}: ${e.message ?? ""}`;
      if (e.$metadata?.httpStatusCode !== undefined) lookups.push({ user, at, outcome: "unknown", error: failure });
      else
        return [
          ...lookups,
          ...users.slice(i).map((u) => ({ user: u, at, outcome: "unknown" as const, error: failure })),
        ];
    }
  }
  return lookups;
}

/**
 * Why the answers cannot be trusted to remove anyone, if they cannot: credentials for another
 * account get NoSuchEntity for every role of this one. A role that exists names its account in
 * its ARN; when none exists, nothing shows the account is the right one.
 */
export function untrustworthy(lookups: readonly RoleLookup[], accountId: string): string | undefined {
  const found = lookups.flatMap((l) => (l.outcome === "exists" ? [l.arn] : []));
  const elsewhere = found.find((arn) => accountOf(arn) !== accountId);
  if (elsewhere !== undefined)
    return `IAM answered from another account (${elsewhere}), not ${accountId}: use credentials for account ${accountId}`;
  if (found.length === 0 && lookups.some((l) => l.outcome === "gone"))
    return `no user's role was found in the account, so nothing shows these credentials are for account ${accountId}: check them, and run npx exports doctor --aws`;
  return undefined;
}
