import { isScalar } from "yaml";
import { iamRoleNameProblem } from "../names";
import { listItems, type DatasetRule } from "../dataset";
import { asYaml, describe, message } from "../message";
import { userNamePrefix } from "../userNamePattern";

export const userName: DatasetRule = {
  id: "user-name",
  description:
    "Each user is a platform user name matching the settings' user_name_pattern, written as the platform wrote it (case kept).",
  check(file, { settings }) {
    const pattern = settings.userNamePattern;
    // The pattern's literal start (alpha_user_ by default) lets a message offer the corrected name.
    const prefix = userNamePrefix(pattern);
    const valid = (name: string) => name !== "" && !iamRoleNameProblem(name) && pattern.test(name);
    return listItems(file, "users").flatMap((node) => {
      const value = isScalar(node) ? node.value : undefined;
      // A name IAM would refuse is user-role-name's to report.
      if (typeof value === "string" && (valid(value) || iamRoleNameProblem(value))) return [];
      // Never change a name's case: IAM compares ARNs as written, and the platform chose the case.
      const text = typeof value === "string" || typeof value === "number" ? String(value).trim() : "";
      const candidate = [text, `${prefix}${text}`].find(valid);
      const fix = candidate ? `Write ${asYaml(candidate)}.` : `Platform user names match ${pattern.source}.`;
      return [
        file.source.issueAt(node, this.id, "error", message("users lists platform user names", describe(node), fix)),
      ];
    });
  },
};
