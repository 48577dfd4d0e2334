import { S3Client, type S3ClientConfig } from "@aws-sdk/client-s3";

/**
 * Client settings for the local engine (Ceph RGW): path-style addressing, and checksums only where
 * S3 requires them, since this radosgw answers the SDK's default streaming checksums with 411.
 * The middleware stack is resolved once per command class (`cacheMiddleware`), not on every
 * request: about 0.13 ms of CPU less a request on this machine, where the mover and the engine
 * share two cores (docs/benchmarks.md, The delivery ledger). Middleware added to such a client
 * after its first request is then ignored ("modifying the middlewareStack of the command or client
 * after requests have been made will not be recognized": SmithyConfiguration.cacheMiddleware,
 * @smithy/core's client.d.ts, https://github.com/smithy-lang/smithy-typescript/blob/main/packages/smithy-client/src/client.ts);
 * the bench and the tests add theirs before.
 */
export function localS3Config(endpoint: string): S3ClientConfig {
  return {
    endpoint,
    region: "us-east-1",
    forcePathStyle: true,
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
    cacheMiddleware: true,
  };
}

/** An S3 client for the local engine with these credentials. */
export function localS3Client(
  endpoint: string,
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string },
): S3Client {
  return new S3Client({ ...localS3Config(endpoint), credentials });
}
