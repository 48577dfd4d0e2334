import { S3Client } from "@aws-sdk/client-s3";

/**
 * An S3 client for the local engine (Ceph RGW): path-style addressing, and checksums only where
 * S3 requires them, since this radosgw answers the SDK's default streaming checksums with 411.
 */
export function localS3Client(endpoint: string, credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }): S3Client {
  return new S3Client({
    endpoint,
    region: "us-east-1",
    forcePathStyle: true,
    credentials,
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
}
