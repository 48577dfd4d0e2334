import type { PushDataset } from "../../config/dataset";
import type { Settings } from "../../config/settings";
import { TARGET_WRITE } from "../actions";
import { objectsArn, roleArn } from "../arns";
import { SERVICE_ROLE_PATH, moverRoleName } from "../names";
import type { Statement } from "../policyDocument";
import { alphanumeric } from "../uniqueIds";

/**
 * The statement the receiving bucket's owner adds to their bucket policy so the dataset's mover
 * role can deliver: write under the dataset's prefix only, and only handing them ownership.
 * `id` makes the Sid unique in that policy when two datasets deliver to one bucket (uniqueIds).
 */
export function receivingBucketStatement(
  dataset: PushDataset,
  settings: Settings,
  id = alphanumeric(dataset.name),
): Statement {
  return {
    // IAM allows only letters and digits in a Sid, unique within one policy.
    Sid: `DataExports${id}`,
    Effect: "Allow",
    Principal: { AWS: roleArn(settings.accountId, SERVICE_ROLE_PATH, moverRoleName(dataset.name)) },
    Action: TARGET_WRITE,
    Resource: objectsArn(dataset.bucket, `${dataset.name}/`),
  };
}
