import { GetObjectTaggingCommand, PutObjectTaggingCommand, type S3Client, type Tag } from "@aws-sdk/client-s3";
import { MoveError } from "./errors";

/**
 * The object tag that records, on a keep_files object's version in the export bucket, that its
 * copy reached the target bucket (value: when). The sweep re-sends kept objects without it.
 * docs/decisions/0013-keep-files-deliveries.md says why a tag and not metadata.
 */
export const DELIVERED_TAG = "data-exports-delivered";

/** S3 allows at most 10 tags per object (PutObjectTagging API reference). */
const MAX_TAGS = 10;

/**
 * Marks one version as delivered, keeping its other tags (PutObjectTagging replaces the whole set).
 * Tagging a version neither creates a version nor sends an ObjectCreated event, so the mark
 * cannot start another move. Needs s3:GetObjectVersionTagging and s3:PutObjectVersionTagging
 * for a pinned version, s3:GetObjectTagging and s3:PutObjectTagging otherwise (S3 API reference,
 * GetObjectTagging and PutObjectTagging).
 */
export async function markDelivered(
  s3: S3Client,
  object: { bucket: string; key: string; versionId?: string },
  at: Date,
): Promise<void> {
  const where = {
    Bucket: object.bucket,
    Key: object.key,
    ...(object.versionId ? { VersionId: object.versionId } : {}),
  };
  const { TagSet = [] } = await s3.send(new GetObjectTaggingCommand(where));
  const others = TagSet.filter((t) => t.Key !== DELIVERED_TAG);
  if (others.length >= MAX_TAGS)
    throw new MoveError(
      `${object.key} was delivered, but it carries ${others.length} tags, S3's limit, so the delivery cannot be recorded and the sweep will deliver it again; remove one of its tags`,
      { code: "TooManyTags", step: "mark" },
    );
  const mark: Tag = { Key: DELIVERED_TAG, Value: at.toISOString() };
  await s3.send(new PutObjectTaggingCommand({ ...where, Tagging: { TagSet: [...others, mark] } }));
}

/** Whether the current version of a kept object carries the delivery mark. */
export async function isDelivered(s3: S3Client, bucket: string, key: string): Promise<boolean> {
  const { TagSet = [] } = await s3.send(new GetObjectTaggingCommand({ Bucket: bucket, Key: key }));
  return TagSet.some((t) => t.Key === DELIVERED_TAG);
}
