import type { Config } from "../../config/config";
import { compareText, type Issue } from "../../config/issue";
import { message } from "../../config/message";
import type { Plan } from "../plan";
import { SHARDS } from "../shards";
import { STACK_RESOURCE_LIMIT, TEMPLATE_BYTES_LIMIT, stackLoads, type StackLoad } from "./stackSize";

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
        rule: "stack-resources",
        severity: "error",
        message: message(what, `${load.resources} resources`, FIX(load)),
      });
    }
    if (load.bytes > TEMPLATE_BYTES_LIMIT) {
      const what = `Stack ${load.stack}'s template would be up to ${load.bytes} bytes, over CloudFormation's limit of ${TEMPLATE_BYTES_LIMIT}`;
      issues.push({
        ...lastPlace(load, config),
        rule: "template-size",
        severity: "error",
        message: message(what, `${load.bytes} bytes`, FIX(load)),
      });
    }
    return issues;
  });
}
