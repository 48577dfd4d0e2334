import { textItems, type DatasetRule } from "../dataset";
import { message, quote } from "../message";

/** Service-linked roles live under this path; IAM creates them for an AWS service. */
const SERVICE_LINKED = /^arn:aws:iam::(\d{12}):role\/aws-service-role\//;

/**
 * A service-linked role as a pull principal. Only its AWS service can assume it, and nobody can
 * change its trust policy, so no workload of the receiving team could read with it; what the grant
 * does is let that service reach the bucket on the other account's behalf.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/using-service-linked-roles.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_update-role-trust-policy.html
 */
export const pullArnServiceLinked: DatasetRule = {
  id: "pull-arn-service-linked",
  severity: "error",
  description:
    "No pull principal is a service-linked role (`arn:aws:iam::<account>:role/aws-service-role/…`). Only its AWS service can assume it and its trust policy cannot be changed, so it would read for that service, never for the receiving team. The message asks for the role their workload assumes.",
  check(file) {
    if (file.kind !== "pull") return [];
    return textItems(file, "pull_arns").flatMap(({ node, text: value }) => {
      const account = SERVICE_LINKED.exec(value)?.[1];
      if (account === undefined) return [];
      const what =
        "this is a service-linked role, which only its AWS service can assume (its trust policy cannot be changed), so the receiving team could not read with it";
      const fix = `Ask the receiving team for the role their workload assumes: arn:aws:iam::${account}:role/<role name>.`;
      return [file.source.issueAt(node, this.id, "error", message(what, quote(value), fix))];
    });
  },
};
