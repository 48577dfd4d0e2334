import { isScalar } from "yaml";
import { USER_ARN } from "../names";
import { listItems, type DatasetRule } from "../dataset";
import { message, quote } from "../message";

export const pullArnUser: DatasetRule = {
  id: "pull-arn-user",
  severity: "warning",
  description:
    "An IAM user (`arn:aws:iam::<account>:user/<name>`) as a pull principal is accepted, so a migration never cuts off a live consumer, with a warning: a user's long-lived access keys can leak and keep working; the receiving team should read with a role.",
  check(file) {
    if (file.kind !== "pull") return [];
    return listItems(file, "pull_arns").flatMap((node) => {
      const value = isScalar(node) ? node.value : undefined;
      if (typeof value !== "string" || !USER_ARN.test(value)) return [];
      const account = value.split(":")[4] ?? "<account>";
      const what =
        "this pull principal is an IAM user, whose long-lived access keys can leak and keep working until someone rotates them";
      const fix = `It is accepted; ask the receiving team to read with an IAM role instead (temporary credentials), then write arn:aws:iam::${account}:role/<role name>.`;
      return [file.source.issueAt(node, this.id, "warning", message(what, quote(value), fix))];
    });
  },
};
