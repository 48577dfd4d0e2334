import type { S3ClientConfig } from "@aws-sdk/client-s3";

/**
 * How the mover's S3 clients behave in Lambda: the SDK retries throttling (SlowDown) and 5xx
 * answers itself, and follows S3's PermanentRedirect to a target bucket in another region (it
 * reads the bucket's region from the answer and signs again for it), so datasets need not name
 * their bucket's region. CopyObject and UploadPartCopy work across regions.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_CopyObject.html
 */
export const MOVER_S3_CONFIG: S3ClientConfig = { maxAttempts: 5, followRegionRedirects: true };
