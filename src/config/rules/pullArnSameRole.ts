import { textItems, type DatasetRule } from "../dataset";
import { message, quote } from "../message";
import { ROLE_ARN_PARTS } from "../names";

/** One IAM role, however its ARN is spelt: IAM role names are unique in an account whatever their case or path. */
const roleKey = (arn: string) => {
  const [, path, name] = ROLE_ARN_PARTS.exec(arn) ?? [];
  return path === undefined || name === undefined ? undefined : `${arn.split(":")[4] ?? ""}:${name.toLowerCase()}`;
};

/**
 * The same role listed twice in two spellings (`role/Reader` and `role/reader`, or under two
 * paths). IAM names are unique regardless of case ("you cannot create resources named both
 * MyResource and myresource"), so at most one spelling is the role's own, and a bucket policy
 * naming a role that does not exist is refused. Listing it twice as written is duplicate-entry's.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html
 */
export const pullArnSameRole: DatasetRule = {
  id: "pull-arn-same-role",
  severity: "error",
  description:
    "A pull role is listed in one spelling. IAM role names are unique in an account whatever their case or path, so `role/Reader`, `role/reader` and `role/team/reader` are one role, and a spelling that is not the role's own does not deploy. Listing the same ARN twice as written is `duplicate-entry`'s warning.",
  check(file) {
    if (file.kind !== "pull") return [];
    const first = new Map<string, string>();
    return textItems(file, "pull_arns").flatMap(({ node, text: value }) => {
      const key = roleKey(value);
      if (key === undefined) return [];
      const earlier = first.get(key);
      if (earlier === undefined) first.set(key, value);
      if (earlier === undefined || earlier === value) return [];
      const what = `${quote(earlier)}, listed above, is the same IAM role, since IAM role names are unique in an account whatever their case or path`;
      const fix = "Keep one line, with the ARN exactly as the IAM console of the receiving account shows it.";
      return [file.source.issueAt(node, this.id, "error", message(what, quote(value), fix))];
    });
  },
};
