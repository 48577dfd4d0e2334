import { ALL_S3 } from "../actions";
import { bucketArn, objectsArn } from "../arns";
import type { Statement } from "../policyDocument";

/** Deny every request to a bucket that is not over TLS 1.2 or later: plain HTTP first, then old TLS. */
export function tlsOnly(bucket: string): Statement[] {
  const Resource = [bucketArn(bucket), objectsArn(bucket)];
  return [
    {
      Sid: "DenyPlainHttp",
      Effect: "Deny",
      Principal: "*",
      Action: ALL_S3,
      Resource,
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    },
    {
      Sid: "DenyTlsBelow12",
      Effect: "Deny",
      Principal: "*",
      Action: ALL_S3,
      Resource,
      Condition: { NumericLessThan: { "s3:TlsVersion": "1.2" } },
    },
  ];
}
