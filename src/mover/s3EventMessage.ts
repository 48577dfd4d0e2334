import { SWEEP_EVENT_NAME, type ObjectEvent } from "./objectEvent";

/** A key encoded as S3 encodes keys in event notifications: percent-encoding, with `+` for a space. */
function encodeKey(key: string): string {
  return encodeURIComponent(key).replaceAll("%2F", "/").replaceAll("%20", "+");
}

/**
 * An SQS message body in the form S3 sends, for objects found by the sweep or the local engine's
 * notifications, so every object reaches the mover by one path.
 */
export function s3EventMessage(events: readonly ObjectEvent[], eventName = SWEEP_EVENT_NAME): string {
  return JSON.stringify({
    Records: events.map((e) => ({
      eventSource: "aws:s3",
      eventName,
      ...(e.uploadedAt ? { eventTime: e.uploadedAt } : {}),
      ...(e.uploadedBy ? { userIdentity: { principalId: e.uploadedBy } } : {}),
      s3: {
        bucket: { name: e.bucket },
        object: {
          key: encodeKey(e.key),
          ...(e.size !== undefined ? { size: e.size } : {}),
          ...(e.eTag ? { eTag: e.eTag } : {}),
          ...(e.versionId ? { versionId: e.versionId } : {}),
        },
      },
    })),
  });
}
