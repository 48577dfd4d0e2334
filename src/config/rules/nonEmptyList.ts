import { isSeq } from "yaml";
import { valueNode, type DatasetRule } from "../dataset";
import { describe, message } from "../message";

const EXAMPLE: Record<string, string> = {
  users: "alpha_user_<name>",
  pull_arns: "arn:aws:iam::<account id>:role/<role name>",
};

export const nonEmptyList: DatasetRule = {
  id: "non-empty-list",
  severity: "error",
  description: "`users` (and `pull_arns` in pull files) is a list with at least one entry.",
  check(file) {
    const keys = file.kind === "push" ? ["users"] : ["users", "pull_arns"];
    return keys.flatMap((key) => {
      const node = valueNode(file, key);
      if (node === undefined || (isSeq(node) && node.items.length > 0)) return [];
      const what = isSeq(node) ? `${key} is empty` : `${key} must be a list`;
      return [
        file.source.issueAt(
          node,
          this.id,
          "error",
          message(
            what,
            describe(node),
            `List at least one entry, each on its own line under ${key}: as "- ${EXAMPLE[key]}".`,
          ),
        ),
      ];
    });
  },
};
