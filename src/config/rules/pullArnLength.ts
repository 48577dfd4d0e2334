import { textItems, type DatasetRule } from "../dataset";
import { message, quote } from "../message";
import { IAM_PATH_MAX, IAM_ROLE_NAME_MAX, ROLE_ARN_PARTS } from "../names";

/**
 * Why IAM could hold no role of this ARN, or undefined when its path and name are within IAM's
 * limits: a path of at most 512 characters, a name of at most 64 (IAM API reference, CreateRole).
 * Within both, the whole ARN (at most about 610 characters) is far inside the 2,048 IAM allows an ARN.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html
 */
export function roleArnLengthProblem(arn: string): string | undefined {
  const [, path = "", name = ""] = ROLE_ARN_PARTS.exec(arn) ?? [];
  if (path.length > IAM_PATH_MAX)
    return `the role's path is ${path.length} characters long; IAM allows at most ${IAM_PATH_MAX}, so no such role can exist`;
  if (name.length > IAM_ROLE_NAME_MAX)
    return `the role's name is ${name.length} characters long; IAM allows at most ${IAM_ROLE_NAME_MAX}, so no such role can exist`;
  return undefined;
}

export const pullArnLength: DatasetRule = {
  id: "pull-arn-length",
  severity: "error",
  description:
    "A pull role ARN's path is at most 512 characters (slashes included) and its name at most 64, as IAM allows ([CreateRole](https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html)): no role could have a longer one, and a bucket policy naming a role that cannot exist does not deploy.",
  check(file) {
    if (file.kind !== "pull") return [];
    return textItems(file, "pull_arns").flatMap(({ node, text: value }) => {
      const what = roleArnLengthProblem(value);
      if (what === undefined) return [];
      const fix = "Copy the role's ARN exactly from the IAM console of the receiving account.";
      return [file.source.issueAt(node, this.id, "error", message(what, quote(value), fix))];
    });
  },
};
