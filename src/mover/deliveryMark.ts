import { GetObjectTaggingCommand, PutObjectTaggingCommand, type S3Client, type Tag } from "@aws-sdk/client-s3";

/**
 * The object tag that records, on a keep_files object's version in the export bucket, that its
 * copy reached the target bucket (value: when). The sweep re-sends kept objects without it.
 * docs/decisions/0013-keep-files-deliveries.md says why a tag and not metadata.
 */
export const DELIVERED_TAG = "data-exports-delivered";

/** The code of a kept object delivered whose delivery could not be recorded: it already carries S3's 10 tags. */
export const TOO_MANY_TAGS = "TooManyTags";

/** Whether the mark was written, and if not, why, in the operator's words. */
export type MarkResult = { recorded: true } | { recorded: false; reason: string };

/**
 * S3 allows at most 10 tags per object, and refuses a longer tag set with 400 BadRequest
 * ("Object tags cannot be greater than 10"): PutObjectTagging API reference, "Amazon S3 limits
 * the maximum number of tags to 10 tags per object".
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObjectTagging.html
 */
export const MAX_TAGS = 10;

/**
 * Marks one version as delivered, keeping its other tags (PutObjectTagging replaces the whole set).
 * Tagging a version neither creates a version nor sends an ObjectCreated event, so the mark
 * cannot start another move. Needs s3:GetObjectVersionTagging and s3:PutObjectVersionTagging
 * for a pinned version, s3:GetObjectTagging and s3:PutObjectTagging otherwise (S3 API reference,
 * GetObjectTagging and PutObjectTagging). Writes nothing, and says why, when the version already
 * carries S3's maximum of tags: the copy is in the target by then, so the move's outcome is a
 * delivery (copied-unrecorded), not a failure to retry (decision 0013).
 */
export async function markDelivered(
  s3: S3Client,
  object: { bucket: string; key: string; versionId?: string },
  at: Date,
): Promise<MarkResult> {
  const where = {
    Bucket: object.bucket,
    Key: object.key,
    ...(object.versionId ? { VersionId: object.versionId } : {}),
  };
  const { TagSet = [] } = await s3.send(new GetObjectTaggingCommand(where));
  const others = TagSet.filter((t) => t.Key !== DELIVERED_TAG);
  if (others.length >= MAX_TAGS)
    return {
      recorded: false,
      reason: `${object.key} was delivered, but the delivery cannot be recorded on it: it carries ${others.length} tags, S3's limit per object, and the mark ${DELIVERED_TAG} needs one more. It is not retried, and the sweep does not send it again while it has no free tag.`,
    };
  const mark: Tag = { Key: DELIVERED_TAG, Value: at.toISOString() };
  await s3.send(new PutObjectTaggingCommand({ ...where, Tagging: { TagSet: [...others, mark] } }));
  return { recorded: true };
}

/**
 * What the sweep can tell from a kept object's current version: delivered (it carries the mark),
 * undelivered, or unrecordable: no mark and no room for one. An unrecordable object may have been
 * delivered (the mover said so, once) or not; re-sending it would copy it on every sweep, forever.
 */
export type MarkState = "delivered" | "undelivered" | "unrecordable";

/** The mark state of the current version of a kept object. Needs s3:GetObjectTagging. */
export async function markState(s3: S3Client, bucket: string, key: string): Promise<MarkState> {
  const { TagSet = [] } = await s3.send(new GetObjectTaggingCommand({ Bucket: bucket, Key: key }));
  if (TagSet.some((t) => t.Key === DELIVERED_TAG)) return "delivered";
  return TagSet.length >= MAX_TAGS ? "unrecordable" : "undelivered";
}
