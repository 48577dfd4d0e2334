import type { DeliveryEvent } from "./deliveryEvent";
import { noticeOf } from "./notice";
import type { PublishNotice } from "./publishNotice";

/** A delivery event, and its dataset's notice topic when the dataset has one. */
export interface PendingNotice {
  delivery: DeliveryEvent;
  topicArn: string | undefined;
}

interface NoticeLog {
  error(message: string, fields: Record<string, unknown>): void;
}
interface NoticeMetrics {
  addMetric(name: "NoticesSent" | "NoticeFailures", unit: "Count", value: number): void;
}

/**
 * Publishes the notices of a batch's events, all at once. Never throws: a notice that could not
 * be sent is logged (with the event, so `exports status` still shows it) and counted, because the
 * objects are already moved and a retry of the batch would move nothing but mail again.
 */
export async function sendNotices(
  pending: readonly PendingNotice[],
  publish: PublishNotice,
  log: NoticeLog,
  metrics: NoticeMetrics,
): Promise<void> {
  const sends = pending.flatMap(({ delivery, topicArn }) => {
    const notice = topicArn ? noticeOf(delivery) : undefined;
    return notice && topicArn ? [{ delivery, topicArn, notice }] : [];
  });
  const results = await Promise.allSettled(sends.map((s) => publish(s.topicArn, s.notice)));
  results.forEach((result, i) => {
    const send = sends[i] as (typeof sends)[number];
    if (result.status === "fulfilled") {
      metrics.addMetric("NoticesSent", "Count", 1);
      return;
    }
    const error = result.reason as { name?: string; message?: string };
    log.error("delivery notice not sent; the object's delivery is not affected", {
      topicArn: send.topicArn,
      notice: send.notice.kind,
      code: error?.name ?? "Unknown",
      reason: error?.message ?? String(result.reason),
      dataset: send.delivery.dataset,
      key: send.delivery.key,
    });
    metrics.addMetric("NoticeFailures", "Count", 1);
  });
}
