import type { RuleMeta } from "../../config/ruleMeta";
import type { Config } from "../../config/config";
import { compareText, type Issue } from "../../config/issue";
import { message } from "../../config/message";
import type { PolicyDocument } from "../policyDocument";
import { BUCKET_POLICY_LIMIT } from "./pullBucketPolicySize";

/** The rule `export-bucket-policy-size`: its id and its row of docs/rules.md. */
export const EXPORT_BUCKET_POLICY_SIZE_RULE: RuleMeta = {
  id: "export-bucket-policy-size",
  severity: "error",
  description:
    "The export bucket's policy fits S3's limit of 20 KB. It holds one statement per distinct `expires` date of push datasets (refusing writes after that day), so it is reported at the latest of those dates; giving datasets that end close together the same date shrinks it.",
};

/**
 * The export bucket's policy past S3's 20 KB limit. Its refusals grow with the distinct `expires`
 * dates of push datasets (one statement per date), so it is reported at the latest of those dates.
 */
export function exportBucketPolicySize(document: PolicyDocument, config: Config): Issue[] {
  // Bytes S3 counts: the policy as CloudFormation sends it, JSON without whitespace, in UTF-8.
  const bytes = Buffer.byteLength(JSON.stringify(document), "utf8");
  if (bytes <= BUCKET_POLICY_LIMIT) return [];
  const last = config.push
    .filter((d) => d.expires !== undefined)
    .sort((a, b) => compareText(a.expires ?? "", b.expires ?? "") || compareText(a.file, b.file))
    .at(-1);
  const what = `the export bucket's policy, which refuses writes to each push dataset after its expires date (one statement per date), would be ${bytes} bytes, over S3's limit of ${BUCKET_POLICY_LIMIT}`;
  const fix = "Give datasets whose agreements end close together the same expires date (e.g. the end of the month).";
  return [
    {
      file: last?.file ?? "",
      ...(last?.source.expires ?? { line: 1, column: 1 }),
      rule: EXPORT_BUCKET_POLICY_SIZE_RULE.id,
      severity: "error",
      message: message(what, `${bytes} bytes`, fix),
    },
  ];
}
