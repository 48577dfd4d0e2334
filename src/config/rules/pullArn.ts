import { isScalar } from "yaml";
import { ROLE_ARN } from "../names";
import { listItems, type DatasetRule } from "../dataset";
import { describe, message } from "../message";

const ROLE_FORM = "arn:aws:iam::<12-digit account id>:role/<role name>";

/** Why `arn` is not an IAM role ARN, and what to write instead. */
export function roleArnProblem(arn: string): { what: string; fix: string } {
  const ask = `Ask the receiving team for the ARN of the IAM role that will read the bucket: ${ROLE_FORM}.`;
  if (arn.includes("*"))
    return { what: "pull_arns may not hold wildcards, which would let any matching role in", fix: ask };
  if (/^arn:aws[\w-]*:s3:/.test(arn))
    return { what: "this is an S3 ARN; pull_arns lists the IAM roles that read the bucket", fix: ask };
  const session = /^arn:aws:sts::(\d{12}):assumed-role\/([^/]+)\//.exec(arn);
  if (session)
    return {
      what: "this is a role session, not the role",
      fix: `Write arn:aws:iam::${session[1]}:role/${session[2]}.`,
    };
  if (/^arn:aws:iam::[^:]*:user\//.test(arn))
    return { what: "this is an IAM user; only IAM roles may be pull principals", fix: ask };
  if (/^arn:aws:iam::[^:]*:root$/.test(arn) || /^\d{12}$/.test(arn)) {
    return { what: "this names a whole account, which would let every role in it read the bucket", fix: ask };
  }
  const account = /^arn:aws:iam::([^:]*):role\//.exec(arn)?.[1];
  if (account !== undefined && !/^\d{12}$/.test(account)) {
    return {
      what: `the account id must be 12 digits, and ${JSON.stringify(account)} has ${account.length} characters`,
      fix: "Copy the ARN exactly from the IAM console of the receiving account.",
    };
  }
  return { what: "pull_arns lists IAM role ARNs", fix: `Write it as ${ROLE_FORM}.` };
}

export const pullArn: DatasetRule = {
  id: "pull-arn",
  description: "Each pull ARN is an IAM role ARN: no S3, user, root, session or wildcard ARNs.",
  check(file) {
    if (file.kind !== "pull") return [];
    return listItems(file, "pull_arns").flatMap((node) => {
      const value = isScalar(node) ? node.value : undefined;
      if (typeof value === "string" && ROLE_ARN.test(value)) return [];
      const { what, fix } =
        typeof value === "string"
          ? roleArnProblem(value)
          : { what: "pull_arns lists IAM role ARNs as text", fix: `Write ${ROLE_FORM}.` };
      return [file.source.issueAt(node, this.id, "error", message(what, describe(node), fix))];
    });
  },
};
