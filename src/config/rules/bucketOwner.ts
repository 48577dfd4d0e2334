import { isScalar } from "yaml";
import { ACCOUNT_ID, KMS_KEY_ARN } from "../names";
import { stringValue, valueNode, type DatasetRule } from "../dataset";
import { describe, message, quote } from "../message";

const FORM = 'bucket_owner: "<12-digit account id>"';

/** The account id a reader meant, when the value holds one in another shape (`9999-8888-7777`, an ARN). */
function meant(value: string): string | undefined {
  const digits = value.replace(/[\s-]/g, "");
  if (ACCOUNT_ID.test(digits)) return digits;
  return /(?:^|:)(\d{12})(?::|$)/.exec(value)?.[1];
}

/**
 * `bucket_owner` names the AWS account that owns a push dataset's target bucket. The mover then
 * sends it as the expected bucket owner on every request to the target, and S3 refuses the request
 * (403) when another account owns a bucket of that name: a bucket deleted and created again by
 * someone else never receives the data.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-owner-condition.html
 */
export const bucketOwner: DatasetRule = {
  id: "bucket-owner",
  severity: "error (one warning)",
  description:
    "`bucket_owner`, when given (push only), is the 12-digit AWS account id of the team that owns the target bucket, quoted (`bucket_owner: \"012345678901\"`: unquoted, YAML reads a number and drops leading zeros), and not the platform's own account. The console's form `9999-8888-7777` or an ARN is refused with the bare id to write. With it, the mover sends that account as the expected bucket owner on every request to the target bucket, so S3 refuses to deliver to a bucket of that name that another account owns. A `kms_key` in another account than `bucket_owner` is warned about: a team usually keeps both in one.",
  check(file, { settings }) {
    if (file.kind !== "push") return [];
    const node = valueNode(file, "bucket_owner");
    if (node === undefined) return [];
    const value = isScalar(node) ? node.value : undefined;
    const at = (severity: "error" | "warning", what: string, fix: string) => [
      file.source.issueAt(node, this.id, severity, message(what, describe(node), fix)),
    ];
    if (typeof value === "number" && isScalar(node) && ACCOUNT_ID.test(node.source ?? ""))
      return at(
        "error",
        "an account id is text: unquoted, YAML reads it as a number, which loses any leading zero",
        `Quote it: bucket_owner: "${node.source ?? ""}".`,
      );
    if (typeof value !== "string" || !ACCOUNT_ID.test(value)) {
      const id = typeof value === "string" ? meant(value) : undefined;
      return at(
        "error",
        "bucket_owner is the 12-digit AWS account id of the team that owns the target bucket",
        id && id !== settings.accountId
          ? `Write only the account id: bucket_owner: "${id}".`
          : `Ask the receiving team for their account id and write ${FORM}, or remove bucket_owner.`,
      );
    }
    if (value === settings.accountId)
      return at(
        "error",
        "bucket_owner is the platform's own account; a target bucket belongs to the receiving team's account",
        "Write the receiving team's account id, or remove bucket_owner if it is not known.",
      );
    const key = stringValue(file, "kms_key");
    const keyAccount = key !== undefined && KMS_KEY_ARN.test(key) ? key.split(":")[4] : undefined;
    if (keyAccount !== undefined && keyAccount !== value)
      return at(
        "warning",
        `kms_key is a key of account ${quote(keyAccount)}, while the bucket is said to be in another; a team usually keeps its bucket and its key in one account`,
        "Check both account ids with the receiving team; if the key really is in another account, leave them as they are.",
      );
    return [];
  },
};
