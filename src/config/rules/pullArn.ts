import { isScalar } from "yaml";
import { ROLE_ARN, ROLE_ARN_PARTS, USER_ARN } from "../names";
import { listItems, type DatasetRule } from "../dataset";
import { describe, message } from "../message";
import { firstLookAlike, withoutLookAlikes } from "../lookAlikes";

const ROLE_FORM = "arn:aws:iam::<12-digit account id>:role/<role name>";

/** Why `arn` is not an IAM role ARN, and what to write instead. */
function roleArnProblem(arn: string): { what: string; fix: string } {
  const ask = `Ask the receiving team for the ARN of the IAM role that will read the bucket: ${ROLE_FORM}.`;
  const trimmed = arn.trim();
  if (trimmed !== arn && (ROLE_ARN.test(trimmed) || USER_ARN.test(trimmed)))
    return { what: "the ARN has spaces or line breaks around it, which IAM would not match", fix: `Write ${trimmed}.` };
  const disguised = firstLookAlike(trimmed);
  const restored = withoutLookAlikes(trimmed);
  if (disguised && ROLE_ARN.test(restored))
    return { what: `the ARN holds a letter of another alphabet: ${disguised}`, fix: `Write ${restored}.` };
  const partition = /^arn:(aws-[a-z-]+):/.exec(trimmed)?.[1];
  if (partition)
    return {
      what: `this ARN is in the ${partition} partition; this platform is in the aws partition (arn:aws:), and AWS grants no access across partitions`,
      fix: `Ask the receiving team for a role in the aws partition: ${ROLE_FORM}.`,
    };
  if (arn.includes("*"))
    return { what: "pull_arns may not hold wildcards, which would let any matching role in", fix: ask };
  if (/^arn:aws[\w-]*:s3:/.test(arn))
    return { what: "this is an S3 ARN; pull_arns lists the IAM roles that read the bucket", fix: ask };
  const session = /^arn:aws:sts::(\d{12}):assumed-role\/([^/]+)\//.exec(arn);
  if (session?.[2]?.startsWith("AWSReservedSSO_")) {
    // IAM Identity Center roles live under a path the session ARN leaves out; guessing it would grant nothing.
    return {
      what: "this is an IAM Identity Center (SSO) session, not the role, and the role's ARN has a path the session does not show",
      fix: `Copy the role's ARN from the IAM console of account ${session[1]}: arn:aws:iam::${session[1]}:role/aws-reserved/sso.amazonaws.com/<region>/${session[2]}.`,
    };
  }
  if (session) {
    const role = `arn:aws:iam::${session[1]}:role/${session[2]}`;
    return { what: "this is a role session, not the role", fix: ROLE_ARN.test(role) ? `Write ${role}.` : ask };
  }
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
  severity: "error",
  description:
    "Each pull ARN is an IAM role ARN, `arn:aws:iam::<12 digits>:role/<path/><name>` (SSO roles' long paths included), or an IAM user's (see `pull-arn-user`). S3 ARNs, account roots, wildcards, assumed-role sessions, ARNs of other partitions (`arn:aws-cn:`, `arn:aws-us-gov:`) and ARNs with spaces around them are each refused with their own explanation.",
  check(file) {
    if (file.kind !== "pull") return [];
    return listItems(file, "pull_arns").flatMap((node) => {
      const value = isScalar(node) ? node.value : undefined;
      // An IAM user is accepted: pull-arn-user warns about it; a role too long for IAM, pull-arn-length.
      if (typeof value === "string" && (ROLE_ARN.test(value) || USER_ARN.test(value) || ROLE_ARN_PARTS.test(value)))
        return [];
      const { what, fix } =
        typeof value === "string"
          ? roleArnProblem(value)
          : { what: "pull_arns lists IAM role ARNs as text", fix: `Write ${ROLE_FORM}.` };
      return [file.source.issueAt(node, this.id, "error", message(what, describe(node), fix))];
    });
  },
};
