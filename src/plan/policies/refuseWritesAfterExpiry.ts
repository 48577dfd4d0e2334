import type { PushDataset } from "../../config/dataset";
import { compareText } from "../../config/issue";
import type { Settings } from "../../config/settings";
import { objectsArn } from "../arns";
import type { Statement } from "../policyDocument";
import { accessEndsAt } from "./untilExpiry";

/**
 * The export bucket's refusals: from the instant a push dataset's access ends, anyone's write
 * under its prefix is denied explicitly, one statement per end date. The users' grants end at the
 * same instant; this deny makes the refusal say "explicit deny in a resource-based policy" (S3's
 * access-denied messages name the kind of policy, not the statement), and its Sid says why to
 * whoever reads the bucket policy.
 */
export function refuseWritesAfterExpiry(push: readonly PushDataset[], settings: Settings): Statement[] {
  const dates = [...new Set(push.flatMap((d) => (d.expires ? [d.expires] : [])))].sort(compareText);
  return dates.map((expires) => ({
    Sid: `AgreementEnded${expires.replaceAll("-", "")}RefuseWrites`,
    Effect: "Deny",
    Principal: "*",
    Action: "s3:PutObject",
    Resource: push.filter((d) => d.expires === expires).map((d) => objectsArn(settings.exportBucket, `${d.name}/`)),
    Condition: { DateGreaterThanEquals: { "aws:CurrentTime": accessEndsAt({ expires }, settings) as string } },
  }));
}
