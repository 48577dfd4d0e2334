import type { Settings } from "../../config/settings";
import { LOGS_KEY_USE, RECORDS_KEY_ADMIN, RECORDS_KEY_USE } from "../actions";
import { accountRootArn } from "../arns";
import { policy, type PolicyDocument } from "../policyDocument";

/** A log group's ARN as CloudWatch Logs names it in the encryption context: no `:*` at the end. */
export const logGroupArn = (settings: Settings, name: string) =>
  `arn:aws:logs:${settings.region}:${settings.accountId}:log-group:${name}`;

/**
 * The key policy of the records key (decision 0017), a customer managed key that encrypts the
 * delivery ledger's bucket and the mover's and sweeper's log groups (Control Tower
 * CT.CLOUDWATCH.PR.3). The account administers it but may not disable or delete it; IAM
 * policies may let principals use it, only through S3 (the mover's identity grant, operators
 * reading records); CloudWatch Logs may use it only for the named log groups, by the encryption
 * context it sends (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html).
 */
export function recordsKeyPolicy(settings: Settings, logGroups: readonly string[]): PolicyDocument {
  const account = accountRootArn(settings.accountId);
  return policy(
    {
      Sid: "AccountAdministersNotDeletes",
      Effect: "Allow",
      Principal: { AWS: account },
      Action: RECORDS_KEY_ADMIN,
      Resource: "*",
    },
    {
      Sid: "AccountUsesThroughS3",
      Effect: "Allow",
      Principal: { AWS: account },
      Action: RECORDS_KEY_USE,
      Resource: "*",
      Condition: { StringEquals: { "kms:ViaService": `s3.${settings.region}.amazonaws.com` } },
    },
    {
      Sid: "LogsEncryptFunctionLogs",
      Effect: "Allow",
      Principal: { Service: `logs.${settings.region}.amazonaws.com` },
      Action: LOGS_KEY_USE,
      Resource: "*",
      Condition: {
        ArnEquals: { "kms:EncryptionContext:aws:logs:arn": logGroups.map((g) => logGroupArn(settings, g)) },
      },
    },
  );
}
