import { isScalar } from "yaml";
import { iamRoleNameProblem } from "../names";
import { listItems, type DatasetRule } from "../dataset";
import { asYaml, describe, message } from "../message";

export const userRoleName: DatasetRule = {
  id: "user-role-name",
  description:
    "Each user name is a valid IAM role name (at most 64 ASCII letters, digits and + = , . @ _ -), whatever user_name_pattern allows: each platform user is an IAM role.",
  check(file) {
    return listItems(file, "users").flatMap((node) => {
      const value = isScalar(node) ? node.value : undefined;
      if (typeof value !== "string") return [];
      const problem = iamRoleNameProblem(value);
      if (!problem) return [];
      const trimmed = value.trim();
      const fix =
        trimmed !== value && !iamRoleNameProblem(trimmed)
          ? `Write ${asYaml(trimmed)}.`
          : "Copy the platform user's name exactly as the platform shows it.";
      const what = `a platform user is an IAM role, and IAM refuses this name: it ${problem}`;
      return [file.source.issueAt(node, this.id, "error", message(what, describe(node), fix))];
    });
  },
};
