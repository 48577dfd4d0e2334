import type { PushDataset } from "../../config/dataset";
import type { Settings } from "../../config/settings";
import { TARGET_WRITE } from "../actions";
import { objectsArn, roleArn } from "../arns";
import { SERVICE_ROLE_PATH, moverRoleName } from "../names";
import type { Statement } from "../policyDocument";

/**
 * The statement the receiving bucket's owner adds to their bucket policy so the dataset's mover
 * role can deliver: write under the dataset's prefix only, and only handing them ownership.
 */
export function receivingBucketStatement(dataset: PushDataset, settings: Settings): Statement {
  return {
    Sid: `DataExports${dataset.name.replaceAll("_", "")}`.slice(0, 100),
    Effect: "Allow",
    Principal: { AWS: roleArn(settings.accountId, SERVICE_ROLE_PATH, moverRoleName(dataset.name)) },
    Action: TARGET_WRITE,
    Resource: objectsArn(dataset.bucket, `${dataset.name}/`),
  };
}
