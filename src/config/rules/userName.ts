import { isScalar } from "yaml";
import { iamRoleNameProblem } from "../names";
import { listItems, type DatasetRule } from "../dataset";
import { asYaml, describe, message } from "../message";
import type { NamePattern } from "../settings";
import { userNamePrefix } from "../userNamePattern";

/**
 * The fix for a name holding characters no platform user name has (`alpha_user_jane.doe`): which
 * ones, and the name with them made hyphens (or underscores), when that is a valid name; the
 * pattern only as a last resort, beside an example.
 */
function withoutForeignCharacters(
  text: string,
  valid: (name: string) => boolean,
  prefix: string,
  pattern: string,
): string {
  const foreign = [...new Set(text.replace(/[A-Za-z0-9_-]/g, ""))];
  const shown = foreign.map((c) => `'${c}'`).join(", ");
  for (const stand of ["-", "_"]) {
    const replaced = text.replace(/[^A-Za-z0-9_-]+/g, stand);
    const candidate = [replaced, `${prefix}${replaced}`].find(valid);
    if (foreign.length > 0 && candidate)
      return `${shown} is in no platform user name; the platform most likely shows it as ${candidate}. Write ${asYaml(candidate)}.`;
  }
  const example = prefix ? ` e.g. ${prefix}jane,` : "";
  return `Copy the name as the platform shows it:${example} matching user_name_pattern ${pattern} in the settings.`;
}

/** The last pattern's prefix: every file of a repository is checked against one pattern. */
let lastPrefix: { pattern: NamePattern; prefix: string } | undefined;

function prefixOf(pattern: NamePattern): string {
  if (lastPrefix?.pattern !== pattern) lastPrefix = { pattern, prefix: userNamePrefix(pattern) };
  return lastPrefix.prefix;
}

export const userName: DatasetRule = {
  id: "user-name",
  severity: "error",
  description:
    "Each user matches the settings' `user_name_pattern` (by default `alpha_user_` then letters, digits, `_` and `-`, capitals included). Names are kept exactly as the platform wrote them (`alpha_user_SullivanJ123`): the case is never changed, since IAM compares ARNs as written. The message offers a corrected name where it can (`Bob` → `alpha_user_Bob`).",
  check(file, { settings }) {
    const pattern = settings.userNamePattern;
    // The pattern's literal start (alpha_user_ by default) lets a message offer the corrected name.
    const prefix = prefixOf(pattern);
    const valid = (name: string) => name !== "" && !iamRoleNameProblem(name) && pattern.test(name);
    return listItems(file, "users").flatMap((node) => {
      const value = isScalar(node) ? node.value : undefined;
      // A name IAM would refuse is user-role-name's to report.
      if (typeof value === "string" && (valid(value) || iamRoleNameProblem(value))) return [];
      // Never change a name's case: IAM compares ARNs as written, and the platform chose the case.
      const text = typeof value === "string" || typeof value === "number" ? String(value).trim() : "";
      const candidate = [text, `${prefix}${text}`].find(valid);
      const fix = candidate
        ? `Write ${asYaml(candidate)}.`
        : withoutForeignCharacters(text, valid, prefix, pattern.source);
      return [
        file.source.issueAt(node, this.id, "error", message("users lists platform user names", describe(node), fix)),
      ];
    });
  },
};
