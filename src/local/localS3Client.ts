import { S3Client, type S3ClientConfig } from "@aws-sdk/client-s3";

/**
 * Client settings for the local engine (Ceph RGW): path-style addressing, and checksums only where
 * S3 requires them, since this radosgw answers the SDK's default streaming checksums with 411.
 */
export function localS3Config(endpoint: string): S3ClientConfig {
  return {
    endpoint,
    region: "us-east-1",
    forcePathStyle: true,
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  };
}

/** An S3 client for the local engine with these credentials. */
export function localS3Client(
  endpoint: string,
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string },
): S3Client {
  return new S3Client({ ...localS3Config(endpoint), credentials });
}
