import { textItems, type DatasetRule } from "../dataset";
import { message, quote } from "../message";

/**
 * A pull principal in the platform's own account. S3 lets a bucket policy alone grant a principal
 * of the bucket's own account (no identity policy needed), so such a role would reach the bucket
 * outside the platform's user roles, which `users` is for, and a reviewer cannot tell it from an
 * outside reader by its ARN. https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-policy-language-overview.html
 */
export const pullArnOwnAccount: DatasetRule = {
  id: "pull-arn-own-account",
  severity: "error",
  description:
    "No pull principal is in the platform's own account (the settings' `account_id`). There a bucket policy alone grants access, beside the platform users' roles, and a reviewer cannot tell such a role from an outside reader by its ARN. A platform user's role is named as such under `users` (the message says which); `pull_arns` are for readers in other accounts.",
  check(file, { settings }) {
    if (file.kind !== "pull") return [];
    return textItems(file, "pull_arns").flatMap(({ node, text: value }) => {
      if (!value.startsWith(`arn:aws:iam::${settings.accountId}:`)) return [];
      const what = `this principal is in the platform's own account ${settings.accountId}, where the bucket policy alone would let it in, beside the platform users' own roles; pull_arns are for readers in other accounts`;
      const name = value.split("/").at(-1) ?? "";
      const fix = settings.userNamePattern.test(name)
        ? `List ${name} under users instead: platform users reach the bucket through their own roles.`
        : "Ask the receiving team for the role in their own account that will read the bucket, or list platform users under users.";
      return [file.source.issueAt(node, this.id, "error", message(what, quote(value), fix))];
    });
  },
};
