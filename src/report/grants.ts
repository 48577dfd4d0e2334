import type { Plan, PullPlan, PushPlan, UserPlan } from "../plan/plan";
import { bucketArn, objectsArn } from "../plan/arns";
import type { PolicyDocument, Statement } from "../plan/policyDocument";
import { accessEndInstant } from "../config/expiry";

/** Which policy document a grant is written in. */
export type GrantSource =
  | "user role policy"
  | "mover role policy"
  | "pull bucket policy"
  | "receiving bucket policy"
  | "receiving KMS key policy";

/**
 * One thing a principal is allowed to do, read from the plan's policy documents themselves (never
 * re-derived), so a tool checking the JSON plan checks what is deployed.
 */
export interface Grant {
  /** The IAM role (or user) ARN that is allowed. */
  principal: string;
  actions: string[];
  resources: string[];
  /** The statement's conditions, as IAM evaluates them; absent when there are none. */
  conditions?: NonNullable<Statement["Condition"]>;
  grantedBy: GrantSource;
  /**
   * For a dataset with `expires`: its last day (YYYY-MM-DD, in the settings' time zone) and the
   * instant the grant stops, the `aws:CurrentTime` its statement must be before. The receiving
   * team's statements carry no such condition: the mover role's own policy, which they grant to,
   * ends at that instant, and AWS needs both to allow a cross-account call.
   */
  ends?: { lastDay: string; at: string };
}

const list = (value: string | string[] | undefined) => (value === undefined ? [] : [value].flat());

/** Allow statements of `document`, narrowed to the resources `keep` accepts. */
function allowed(document: PolicyDocument, keep: (resource: string) => boolean) {
  return document.Statement.flatMap((s) => {
    const resources = list(s.Resource).filter(keep);
    return s.Effect === "Allow" && resources.length > 0 ? [{ statement: s, resources }] : [];
  });
}

function grant(principal: string, statement: Statement, resources: string[], grantedBy: GrantSource): Grant {
  return {
    principal,
    actions: list(statement.Action),
    resources,
    ...(statement.Condition ? { conditions: statement.Condition } : {}),
    grantedBy,
  };
}

const usersByName = new WeakMap<Plan, Map<string, UserPlan>>();

/** Grants in users' role policies on any of `resources`. */
function userGrants(plan: Plan, users: readonly string[], resources: readonly string[]): Grant[] {
  // Looked up by name: scanning every user for every dataset is quadratic at thousands of each.
  let byName = usersByName.get(plan);
  if (!byName) usersByName.set(plan, (byName = new Map(plan.users.map((u) => [u.user, u]))));
  const found = byName;
  return [...new Set(users)]
    .flatMap((name) => found.get(name) ?? [])
    .flatMap((u) =>
      allowed(u.policy, (r) => resources.includes(r)).map(({ statement, resources: rs }) =>
        grant(u.roleArn, statement, rs, "user role policy"),
      ),
    );
}

/** Each grant of a dataset with `expires`, with the day and instant it ends. */
function ending(grants: Grant[], expires: string | undefined, plan: Plan): Grant[] {
  if (expires === undefined) return grants;
  const ends = { lastDay: expires, at: accessEndInstant(expires, plan.settings.timeZone) };
  return grants.map((g) => ({ ...g, ends }));
}

/** What a push dataset grants: its users write its export prefix; its mover role moves to the target. */
export function pushGrants(plan: Plan, push: PushPlan): Grant[] {
  return ending(pushGrantList(plan, push), push.dataset.expires, plan);
}

function pushGrantList(plan: Plan, push: PushPlan): Grant[] {
  const { dataset, role, receivingStatement, kmsKeyStatement } = push;
  return [
    ...userGrants(plan, dataset.users, [objectsArn(plan.exportBucket.name, `${dataset.name}/`)]),
    ...allowed(role.policy, () => true).map(({ statement, resources }) =>
      grant(role.arn, statement, resources, "mover role policy"),
    ),
    grant(role.arn, receivingStatement, list(receivingStatement.Resource), "receiving bucket policy"),
    ...(kmsKeyStatement
      ? [grant(role.arn, kmsKeyStatement, list(kmsKeyStatement.Resource), "receiving KMS key policy")]
      : []),
  ];
}

/**
 * What a pull dataset grants: its users use the bucket; each pull principal is allowed by the
 * bucket policy, which names its account and narrows it to the exact ARN by condition.
 */
export function pullGrants(plan: Plan, pull: PullPlan): Grant[] {
  const { dataset, policy } = pull;
  const own = [bucketArn(dataset.bucket), objectsArn(dataset.bucket)];
  const principals = allowed(policy, () => true).flatMap(({ statement, resources }) => {
    const arns = list(statement.Condition?.ArnEquals?.["aws:PrincipalArn"] as string | string[] | undefined);
    return arns.map((arn) =>
      grant(
        arn,
        { ...statement, Condition: { ...statement.Condition, ArnEquals: { "aws:PrincipalArn": arn } } },
        resources,
        "pull bucket policy",
      ),
    );
  });
  return ending([...userGrants(plan, dataset.users, own), ...principals], dataset.expires, plan);
}
