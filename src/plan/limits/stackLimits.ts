import type { RuleMeta } from "../../config/ruleMeta";
import type { Config } from "../../config/config";
import { compareText, type Issue } from "../../config/issue";
import { message } from "../../config/message";
import type { Plan } from "../plan";
import { SHARDS } from "../shards";
import { STACK_RESOURCE_LIMIT, TEMPLATE_BYTES_LIMIT, stackLoads, type StackLoad } from "./stackSize";

/** The rule `template-size`: its id and its row of docs/rules.md. */
export const TEMPLATE_SIZE_RULE: RuleMeta = {
  id: "template-size",
  severity: "error",
  description:
    "No stack's template passes CloudFormation's 1 MB. The size is a bound worked out from the policies, checked against synthesized templates by the tests.",
};

/** The rule `stack-resources`: its id and its row of docs/rules.md. */
export const STACK_RESOURCES_RULE: RuleMeta = {
  id: "stack-resources",
  severity: "error",
  description:
    "No stack holds more than CloudFormation's 500 resources ([quotas](https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html)). A pull dataset adds 2 to its shard (3 with Google or Azure principals: their role), a push dataset 1, a user 1; the `DataExports-Federation` stack holds 1 plus one OIDC provider per Entra tenant. Reported once per stack, at the last file that adds to it. The fix is the maintainers' to make (more shards, [decisions/0001](decisions/0001-stack-layout.md)).",
};

const MEMBERS = {
  push: "push datasets",
  pull: "pull datasets",
  users: "users",
  notify: "push datasets with notify addresses",
  federation: "Entra tenants",
};

const FIX = (load: StackLoad) =>
  load.kind === "federation"
    ? "Name fewer Entra tenants: let the receiving teams' workloads share a tenant's issuer."
    : `The platform has outgrown its ${SHARDS[load.kind]} ${load.kind} stacks: the maintainers must raise SHARDS.${load.kind}, a planned migration (docs/decisions/0001-stack-layout.md). Until then this change cannot deploy.`;

/** Where to point for a stack's members: the last dataset file (by path) that puts something in it. */
function lastPlace(load: StackLoad, config: Config): Pick<Issue, "file" | "line" | "column"> {
  const members = new Set(load.members);
  const datasets =
    load.kind === "users"
      ? [...config.push, ...config.pull].filter((d) => d.users.some((u) => members.has(u)))
      : load.kind === "federation"
        ? config.pull.filter((d) => d.azureWorkloads.some((w) => members.has(w.tenant)))
        : (load.kind === "pull" ? config.pull : config.push).filter((d) => members.has(d.name));
  const last = datasets.sort((a, b) => compareText(a.file, b.file)).at(-1);
  if (!last) return { file: "", line: 1, column: 1 };
  const user = load.kind === "users" ? last.users.find((u) => members.has(u)) : undefined;
  return { file: last.file, ...(user ? (last.source.users[user] ?? last.source.name) : last.source.name) };
}

/**
 * Shard stacks that CloudFormation would refuse: over 500 resources or a 1 MB template, at the
 * configured sharding. Reported once per stack, at the last file that adds to it.
 */
export function stackLimits(plan: Plan, config: Config): Issue[] {
  return stackLoads(plan).flatMap((load): Issue[] => {
    const issues: Issue[] = [];
    if (load.resources > STACK_RESOURCE_LIMIT) {
      const what = `Stack ${load.stack} would hold ${load.resources} resources (its ${load.members.length} ${MEMBERS[load.kind]}), over CloudFormation's limit of ${STACK_RESOURCE_LIMIT} per stack`;
      issues.push({
        ...lastPlace(load, config),
        rule: STACK_RESOURCES_RULE.id,
        severity: "error",
        message: message(what, `${load.resources} resources`, FIX(load)),
      });
    }
    if (load.bytes > TEMPLATE_BYTES_LIMIT) {
      const what = `Stack ${load.stack}'s template would be up to ${load.bytes} bytes, over CloudFormation's limit of ${TEMPLATE_BYTES_LIMIT}`;
      issues.push({
        ...lastPlace(load, config),
        rule: TEMPLATE_SIZE_RULE.id,
        severity: "error",
        message: message(what, `${load.bytes} bytes`, FIX(load)),
      });
    }
    return issues;
  });
}
