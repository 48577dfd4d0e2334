import { ledgerBucketName } from "../../config/platformBuckets";
import type { Settings } from "../../config/settings";
import { LEDGER_APPEND, LEDGER_CHANGES } from "../actions";
import { objectsArn } from "../arns";
import { policy, type PolicyDocument } from "../policyDocument";
import { moverFunctionRoleArn } from "./moverRole";
import { tlsOnly } from "./tlsOnly";

/**
 * The delivery ledger's bucket policy (decision 0017): TLS 1.2 or later only; records are
 * written by the mover function's role and by no one else, and only as new objects
 * (`If-None-Match: *`, enforced by the condition key s3:if-none-match:
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-writes-enforce.html); and no
 * one may delete a record, hide it under a delete marker, or touch its retention. Only Denies:
 * who may read is left to identity policies (operators, `exports status --history`).
 */
export function ledgerBucketPolicy(settings: Settings): PolicyDocument {
  const bucket = ledgerBucketName(settings.exportBucket);
  return policy(
    ...tlsOnly(bucket),
    {
      Sid: "OnlyTheMoverWritesRecords",
      Effect: "Deny",
      Principal: "*",
      Action: LEDGER_APPEND,
      Resource: objectsArn(bucket),
      Condition: { ArnNotEquals: { "aws:PrincipalArn": moverFunctionRoleArn(settings) } },
    },
    {
      Sid: "OnlyNewRecords",
      Effect: "Deny",
      Principal: "*",
      Action: LEDGER_APPEND,
      Resource: objectsArn(bucket),
      Condition: { Null: { "s3:if-none-match": "true" } },
    },
    {
      Sid: "NoRecordChanges",
      Effect: "Deny",
      Principal: "*",
      Action: LEDGER_CHANGES,
      Resource: objectsArn(bucket),
    },
  );
}
