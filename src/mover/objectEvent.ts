/** One object the mover is asked to move: from an S3 event notification or from the sweep. */
export interface ObjectEvent {
  bucket: string;
  /** Decoded: as the user wrote it. */
  key: string;
  size?: number;
  /** As S3 reports it in events: without quotes. */
  eTag?: string;
  /** Set when the export bucket is versioned: the exact version to move. */
  versionId?: string;
  /**
   * Sent again by the sweep, not by S3: the object's own event has had its tries (and its
   * notices), so failures of a re-send are logged but not mailed again (decision 0010).
   */
  resent?: true;
  /**
   * Who wrote the object, as S3's event names them: `userIdentity.principalId`, "the unique ID of
   * the IAM resource that caused the event" (for a platform user's role session,
   * `AWS:<role id>:<session name>`; on the local engine, the user's id). S3 vouches for it, where
   * object metadata is the uploader's to write. Absent from the sweep's re-sends.
   * https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html
   */
  uploadedBy?: string;
  /** When S3 finished the upload (the event's `eventTime`, ISO 8601 UTC); absent from the sweep's re-sends. */
  uploadedAt?: string;
}

/** The event name the sweep's re-sends carry in place of S3's (`ObjectCreated:Put`, …). */
export const SWEEP_EVENT_NAME = "ObjectCreated:Sweep";

/** Thrown for a message the mover cannot read; retrying it would not help. */
export class BadEventError extends Error {
  override name = "BadEventError";
}

/** S3 form-encodes keys in event notifications: `+` is a space, then percent-encoding. */
export function decodeKey(raw: string): string {
  try {
    return decodeURIComponent(raw.replaceAll("+", " "));
  } catch (cause) {
    throw new BadEventError(`the event's object key ${JSON.stringify(raw)} is not valid percent-encoding`, { cause });
  }
}

interface S3EventRecord {
  eventSource?: string;
  eventName?: string;
  eventTime?: string;
  userIdentity?: { principalId?: string };
  s3?: { bucket?: { name?: string }; object?: { key?: string; size?: number; eTag?: string; versionId?: string } };
}

/** The uploader and upload time an event record gives, each kept only when it is what S3 sends. */
function uploadOf(r: S3EventRecord): Pick<ObjectEvent, "uploadedBy" | "uploadedAt"> {
  const by = r.userIdentity?.principalId;
  const at = typeof r.eventTime === "string" ? Date.parse(r.eventTime) : NaN;
  return {
    ...(typeof by === "string" && by !== "" ? { uploadedBy: by } : {}),
    ...(Number.isNaN(at) ? {} : { uploadedAt: new Date(at).toISOString() }),
  };
}

/**
 * The objects an SQS message body names. S3 sends `{"Records": [...]}` for object events and
 * `{"Event": "s3:TestEvent"}` once when a notification is set up; the test event names none.
 * Ceph RGW sends keys as they are (`raw`); S3 form-encodes them.
 */
export function objectEventsOf(body: string, keys: "encoded" | "raw" = "encoded"): ObjectEvent[] {
  let parsed: { Records?: S3EventRecord[]; Event?: string };
  try {
    parsed = JSON.parse(body) as typeof parsed;
  } catch (cause) {
    throw new BadEventError("the message is not JSON", { cause });
  }
  if (parsed.Event === "s3:TestEvent") return [];
  if (!Array.isArray(parsed.Records)) throw new BadEventError("the message has no Records");
  return parsed.Records.filter((r) => r.eventName?.startsWith("ObjectCreated:") ?? true).map((r) => {
    const { bucket, object } = r.s3 ?? {};
    if (!bucket?.name || typeof object?.key !== "string") throw new BadEventError("a record names no bucket or key");
    return {
      bucket: bucket.name,
      key: keys === "raw" ? object.key : decodeKey(object.key),
      ...(typeof object.size === "number" ? { size: object.size } : {}),
      ...(object.eTag ? { eTag: object.eTag } : {}),
      ...(object.versionId ? { versionId: object.versionId } : {}),
      ...(r.eventName === SWEEP_EVENT_NAME ? { resent: true as const } : {}),
      ...uploadOf(r),
    };
  });
}
