import { isScalar } from "yaml";
import { KMS_KEY_ARN, REGION } from "../names";
import { REGION_PARTITIONS, closestRegion } from "../regions";
import { valueNode, type DatasetRule } from "../dataset";
import { describe, message } from "../message";

const KEY_FORM = "arn:aws:kms:<region>:<12-digit account id>:key/<key id>";

/**
 * Why `value` is not a KMS key ARN the mover can be granted, and what to write instead. A grant
 * and S3's encryption header both need the key's ARN: an alias or a bare key id names no key a
 * policy can be written for. https://docs.aws.amazon.com/kms/latest/developerguide/cmks-in-iam-policies.html
 */
function kmsKeyProblem(value: string): { what: string; fix: string } {
  const ask = `Ask the receiving team for their key's ARN, from the KMS console: ${KEY_FORM}.`;
  if (/^arn:aws[\w-]*:kms:[^:]*:[^:]*:alias\//.test(value) || value.startsWith("alias/"))
    return { what: "kms_key names an alias; a key policy and the mover's grant need the key itself", fix: ask };
  if (/^(mrk-)?[0-9a-f-]{32,36}$/.test(value))
    return { what: "kms_key is a bare key id, which does not say which account and region hold it", fix: ask };
  const parts = /^arn:aws:kms:([^:]*):([^:]*):key\/.+$/.exec(value);
  if (parts && !REGION.test(parts[1] ?? ""))
    return { what: `the key's region ${JSON.stringify(parts[1])} is not an AWS region name`, fix: ask };
  if (parts && !/^\d{12}$/.test(parts[2] ?? ""))
    return { what: `the key's account id must be 12 digits, not ${JSON.stringify(parts[2])}`, fix: ask };
  return { what: "kms_key is the ARN of the receiving team's KMS key", fix: `Write it as ${KEY_FORM}.` };
}

/**
 * Why a key ARN of the right form names a region the mover's grant cannot reach: one that does not
 * exist (a typo, whose likely meaning is offered), or one of another partition, whose keys no role
 * of this platform's `aws` partition can use. undefined when the region is one of `aws`.
 */
function kmsRegionProblem(value: string): { what: string; fix: string } | undefined {
  const region = value.split(":")[3] ?? "";
  const partition = REGION_PARTITIONS[region];
  if (partition === "aws") return undefined;
  if (partition)
    return {
      what: `the key's region ${region} is in the ${partition} partition, whose keys no role of this platform's aws partition can use`,
      fix: "Ask the receiving team for a key in a region of the aws partition, in the region of their bucket.",
    };
  const likely = value.replace(`:kms:${region}:`, `:kms:${closestRegion(region)}:`);
  return {
    what: `the key's region ${JSON.stringify(region)} is not an AWS region`,
    fix: `Write kms_key: ${likely}, if that is the region the receiving team's key is in.`,
  };
}

export const kmsKey: DatasetRule = {
  id: "kms-key",
  severity: "error",
  description:
    "`kms_key`, when given (push only), is the ARN of the receiving team's KMS key: `arn:aws:kms:<region>:<account>:key/<id>`, not an alias or a bare key id, in a valid region and a 12-digit account other than the platform's.",
  check(file, { settings }) {
    if (file.kind !== "push") return [];
    const node = valueNode(file, "kms_key");
    if (node === undefined) return [];
    const value = isScalar(node) ? node.value : undefined;
    if (typeof value === "string" && KMS_KEY_ARN.test(value)) {
      const region = kmsRegionProblem(value);
      if (region)
        return [file.source.issueAt(node, this.id, "error", message(region.what, describe(node), region.fix))];
      if (value.split(":")[4] !== settings.accountId) return [];
      const what =
        "kms_key is a key of the platform's own account; it names the receiving team's key, in their account";
      const fix = "Ask the receiving team for their key's ARN, or remove kms_key if their bucket needs none.";
      return [file.source.issueAt(node, this.id, "error", message(what, value, fix))];
    }
    const { what, fix } =
      typeof value === "string"
        ? kmsKeyProblem(value)
        : { what: "kms_key is a KMS key ARN, as text", fix: `Write ${KEY_FORM}.` };
    return [file.source.issueAt(node, this.id, "error", message(what, describe(node), fix))];
  },
};
