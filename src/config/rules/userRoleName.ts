import { isScalar } from "yaml";
import { iamRoleNameProblem } from "../names";
import { listItems, type DatasetRule } from "../dataset";
import { asYaml, describe, message } from "../message";
import { withoutLookAlikes } from "../lookAlikes";

/**
 * The role name an IAM or STS ARN names: the last part of `role/path/name`, or the role of an
 * assumed-role session (`assumed-role/name/session`).
 */
function roleNameInArn(value: string): { name: string; session: boolean } | undefined {
  const match = /^arn:aws[\w-]*:(?:iam|sts)::\d{12}:(role|assumed-role|user)\/(.+)$/.exec(value.trim());
  if (!match) return undefined;
  const parts = (match[2] ?? "").split("/");
  const session = match[1] === "assumed-role";
  return { name: (session ? parts[0] : parts.at(-1)) ?? "", session };
}

export const userRoleName: DatasetRule = {
  id: "user-role-name",
  severity: "error",
  description:
    "Each user is a valid IAM role name, since each platform user is an IAM role: at most 64 characters of ASCII letters, digits and `+ = , . @ _ -`, no spaces, nothing else. This holds whatever `user_name_pattern` allows.",
  check(file) {
    return listItems(file, "users").flatMap((node) => {
      const value = isScalar(node) ? node.value : undefined;
      if (typeof value !== "string") return [];
      const problem = iamRoleNameProblem(value);
      if (!problem) return [];
      const fromArn = roleNameInArn(value);
      if (fromArn !== undefined) {
        const where = fromArn.session ? "the role's name, before the session's" : "the name at the end";
        const fix = iamRoleNameProblem(fromArn.name)
          ? "Give the platform user's name as the platform shows it, not an ARN."
          : `Give only ${where}. Write ${asYaml(fromArn.name)}.`;
        const what = "users lists platform user names, not ARNs";
        return [file.source.issueAt(node, this.id, "error", message(what, describe(node), fix))];
      }
      const trimmed = withoutLookAlikes(value.trim());
      const fix =
        trimmed !== value && !iamRoleNameProblem(trimmed)
          ? `Write ${asYaml(trimmed)}.`
          : "Copy the platform user's name exactly as the platform shows it.";
      const what = `a platform user is an IAM role, and IAM refuses this name: it ${problem}`;
      return [file.source.issueAt(node, this.id, "error", message(what, describe(node), fix))];
    });
  },
};
