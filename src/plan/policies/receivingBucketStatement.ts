import type { PushDataset } from "../../config/dataset";
import type { Settings } from "../../config/settings";
import { TARGET_WRITE } from "../actions";
import { objectsArn, roleArn } from "../arns";
import { SERVICE_ROLE_PATH, moverRoleName } from "../names";
import type { Statement } from "../policyDocument";
import { statementSid } from "../uniqueIds";

/**
 * The statement the receiving bucket's owner adds to their bucket policy so the dataset's mover
 * role can deliver: write under the dataset's prefix only, and only handing them ownership.
 * Its Sid differs from every other dataset's, whichever deliver to the same bucket (statementSid).
 */
export function receivingBucketStatement(dataset: PushDataset, settings: Settings): Statement {
  return {
    Sid: statementSid(dataset.name),
    Effect: "Allow",
    Principal: { AWS: roleArn(settings.accountId, SERVICE_ROLE_PATH, moverRoleName(dataset.name)) },
    Action: TARGET_WRITE,
    Resource: objectsArn(dataset.bucket, `${dataset.name}/`),
  };
}
