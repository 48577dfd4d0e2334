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

/** Where a mark goes: one object, and the exact version when the bucket is versioned. */
export interface MarkedVersion {
  bucket: string;
  key: string;
  versionId?: string;
}

/**
 * Sets one tag on one version, keeping its other tags (PutObjectTagging replaces the whole set);
 * a tag of the same key is replaced. Tagging a version neither creates a version nor sends an
 * ObjectCreated event, so a mark cannot start another move. Needs s3:GetObjectVersionTagging and
 * s3:PutObjectVersionTagging for a pinned version, s3:GetObjectTagging and s3:PutObjectTagging
 * otherwise (S3 API reference, GetObjectTagging and PutObjectTagging). Writes nothing, and returns
 * how many other tags it found, when the version already carries S3's maximum of tags.
 */
async function setTag(s3: S3Client, object: MarkedVersion, mark: Tag): Promise<{ full: number } | undefined> {
  const where = {
    Bucket: object.bucket,
    Key: object.key,
    ...(object.versionId ? { VersionId: object.versionId } : {}),
  };
  const { TagSet = [] } = await s3.send(new GetObjectTaggingCommand(where));
  const others = TagSet.filter((t) => t.Key !== mark.Key);
  if (others.length >= MAX_TAGS) return { full: others.length };
  await s3.send(new PutObjectTaggingCommand({ ...where, Tagging: { TagSet: [...others, mark] } }));
  return undefined;
}

/**
 * Marks one version as delivered (setTag). When the version already carries S3's maximum of
 * tags, the copy is in the target by then, so the move's outcome is a delivery
 * (copied-unrecorded), not a failure to retry (decision 0013).
 */
export async function markDelivered(s3: S3Client, object: MarkedVersion, at: Date): Promise<MarkResult> {
  const full = await setTag(s3, object, { Key: DELIVERED_TAG, Value: at.toISOString() });
  if (!full) return { recorded: true };
  return {
    recorded: false,
    reason: `${object.key} was delivered, but the delivery cannot be recorded on it: it carries ${full.full} tags, S3's limit per object, and the mark ${DELIVERED_TAG} needs one more. It is not retried, and the sweep does not send it again while it has no free tag.`,
  };
}

/**
 * The object tag that records, on a version the mover held back because it breaks its dataset's
 * contract, why (value: the hold's code, "extra-column"). The sweep does not send such a version
 * again; a re-upload is a new, untagged version, checked afresh (decision 0016).
 */
export const HELD_TAG = "data-exports-held";

/**
 * Marks one version as held (setTag). When the version already carries S3's maximum of tags it
 * stays unmarked: it is still not delivered, and each sweep sends it to be checked, and held,
 * again (decision 0016).
 */
export async function markHeld(s3: S3Client, object: MarkedVersion, code: string): Promise<MarkResult> {
  const full = await setTag(s3, object, { Key: HELD_TAG, Value: code });
  if (!full) return { recorded: true };
  return {
    recorded: false,
    reason: `it carries ${full.full} tags, S3's limit per object, so the hold could not be tagged on it (${HELD_TAG}); the sweep checks it again each round until it is replaced`,
  };
}

/**
 * What the sweep can tell from a kept object's current version: delivered (it carries the mark),
 * undelivered, or unrecordable: no mark and no room for one. An unrecordable object may have been
 * delivered (the mover said so, once) or not; re-sending it would copy it on every sweep, forever.
 */
export type MarkState = "delivered" | "held" | "undelivered" | "unrecordable";

/**
 * The mark state of an object's current version: delivered (kept objects), held (it broke its
 * dataset's contract: decision 0016), or neither. Needs s3:GetObjectTagging.
 */
export async function markState(s3: S3Client, bucket: string, key: string): Promise<MarkState> {
  const { TagSet = [] } = await s3.send(new GetObjectTaggingCommand({ Bucket: bucket, Key: key }));
  if (TagSet.some((t) => t.Key === DELIVERED_TAG)) return "delivered";
  if (TagSet.some((t) => t.Key === HELD_TAG)) return "held";
  return TagSet.length >= MAX_TAGS ? "unrecordable" : "undelivered";
}
