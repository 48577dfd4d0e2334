import type { RuleMeta } from "../ruleMeta";
import type { FileFacts } from "../fileFacts";
import type { Issue } from "../issue";
import { message, quote } from "../message";

/** The rule `user-case-unique`: its id and its row of docs/rules.md. */
export const USER_CASE_UNIQUE_RULE: RuleMeta = {
  id: "user-case-unique",
  severity: "error",
  description:
    "A platform user is spelt the same way in every file. IAM role names ignore case, so `alpha_user_Ana` and `alpha_user_ana` are one role, and one spelling's policy would replace the other's. The first spelling (by file path) is taken as the platform's.",
};

/**
 * Every file spells a platform user the same way. IAM role names are unique regardless of case, so
 * `alpha_user_Ana` and `alpha_user_ana` are one role: each spelling's policy would overwrite the
 * other's. The first spelling (by file path, then line) is taken as the platform's; later ones are
 * reported.
 */
export function userCaseUnique(files: readonly FileFacts[]): Issue[] {
  const first = new Map<string, { name: string; file: string }>();
  return files.flatMap((file) =>
    file.users.flatMap(({ name, at }) => {
      const earlier = first.get(name.toLowerCase());
      if (!earlier) {
        first.set(name.toLowerCase(), { name, file: file.source.path });
        return [];
      }
      if (earlier.name === name) return [];
      const what = `${quote(earlier.name)} in ${earlier.file} is the same IAM role, since IAM role names ignore case, so one spelling's grants would replace the other's`;
      return [
        file.source.issueAtOffset(
          at,
          USER_CASE_UNIQUE_RULE.id,
          "error",
          message(what, quote(name), `Write ${earlier.name}, as the platform created it, in every file.`),
        ),
      ];
    }),
  );
}
