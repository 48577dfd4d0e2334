import type { NotifyList } from "../config/dataset";
import { visible } from "../report/escape";
import type { DeliveryEvent } from "./deliveryEvent";

/** The message attribute each notice carries, which the subscriptions' filter policies read. */
export const NOTICE_KIND_ATTRIBUTE = "kind";

/** A failure reaches every notify address; a delivery only those of files with notify_deliveries. */
export type NoticeKind = "failure" | "delivery";

/** The kinds of notice a dataset's subscribers hear: failures always, deliveries when the file asks. */
export const noticeKinds = (deliveries: boolean): NoticeKind[] => (deliveries ? ["failure", "delivery"] : ["failure"]);

/** Who a notice of `kind` reaches: what the subscriptions' filter policies let through. */
export const recipients = (notify: NotifyList, kind: NoticeKind): string[] =>
  noticeKinds(notify.deliveries).includes(kind) ? notify.emails : [];

/** One e-mail's worth: a subject and a plain-text body naming the object, never its contents. */
export interface Notice {
  dataset: string;
  kind: NoticeKind;
  subject: string;
  message: string;
}

const WHO = { nobody: "nobody", requester: "you", "receiving team": "the receiving team", operators: "the operators" };

/**
 * Which events are worth an e-mail: every arrival (for those who asked), a failure that needs a
 * person at its first try, and the last try. A failure the mover's retries will likely clear
 * (S3 busy) is not mailed until it gives up, so nobody gets five mails for one file. An arrival
 * that could not be recorded reaches every address, as failures do: it happens once per upload
 * and asks the requester to act.
 *
 * This is the one place that decides "already told?", for the Lambda and the local platform
 * alike: an object's failures are mailed from its own S3 event's tries only, whose count SQS
 * keeps (the local queue likewise). The sweep sends a stuck object again every round (15 minutes
 * on AWS), each time as a new message whose tries start at 1; those re-sends are logged and
 * shown by `exports status`, never mailed. So a file that never arrives sends at most two
 * notices, however many sweeps and restarts of the mover (decision 0010, "Notices once").
 */
function kindOf(e: DeliveryEvent): NoticeKind | undefined {
  if (e.outcome === "delivered" || e.outcome === "kept" || e.outcome === "batch-complete") return "delivery";
  if (e.outcome === "kept-unrecorded") return "failure";
  if (e.resent) return undefined;
  if (e.outcome === "dead-lettered" || e.outcome === "held" || e.outcome === "batch-held") return "failure";
  if (e.outcome === "retrying" && e.attempt === 1 && e.actor !== "nobody") return "failure";
  return undefined;
}

const SUBJECT: Record<
  NoticeKind | "dead-lettered" | "kept-unrecorded" | "held" | "batch-complete" | "batch-held",
  string
> = {
  "batch-complete": "a sealed batch is complete",
  "batch-held": "a sealed batch cannot complete",
  delivery: "a file arrived",
  failure: "a file has not arrived",
  "dead-lettered": "a file could not be delivered",
  "kept-unrecorded": "a file arrived, not recorded",
  held: "a file was held back: it breaks the contract",
};

/** What the notice says last of a file not delivered: where it is, and for how long. */
function stays(e: DeliveryEvent): string[] {
  if (e.outcome === "kept-unrecorded" || e.outcome === "batch-held") return [];
  if (e.outcome === "held")
    return [
      "",
      "The file stays in the export bucket, tagged data-exports-held, and is not delivered. Upload a corrected file under the same key: it is checked afresh and delivered if it meets the contract.",
    ];
  return ["", "The file stays in the export bucket until it is delivered: nothing is lost."];
}

/** The notice's first line: what became of the file, or of the sealed batch. */
function headline(e: DeliveryEvent, kind: NoticeKind): string {
  if (e.outcome === "batch-complete")
    return `A sealed batch of dataset ${e.dataset} is complete: its signed manifest is in the target bucket.`;
  if (e.outcome === "batch-held")
    return `A sealed batch of dataset ${e.dataset} cannot complete, and gets no manifest until then: why, and what to do, below.`;
  if (e.outcome === "kept-unrecorded")
    return `A file of dataset ${e.dataset} arrived in its target bucket, but its delivery could not be recorded.`;
  if (e.outcome === "held")
    return `A file of dataset ${e.dataset} was held back: it breaks the dataset's contract (its files: entries).`;
  if (kind === "delivery") return `A file of dataset ${e.dataset} arrived in its target bucket.`;
  return `A file of dataset ${e.dataset} has not arrived in its target bucket${e.outcome === "dead-lettered" ? ", after every try" : " yet"}.`;
}

/**
 * The notice for a delivery event, or undefined when it needs none. Pure. The subject holds only
 * the dataset's validated name (SNS takes ASCII subjects under 100 characters); the object's key,
 * chosen by whoever uploaded it, is shown with every invisible character spelled out.
 */
export function noticeOf(e: DeliveryEvent): Notice | undefined {
  const kind = kindOf(e);
  if (!kind) return undefined;
  const lines = [
    headline(e, kind),
    "",
    `${e.outcome.startsWith("batch-") ? "Batch:" : "File: "}  ${visible(e.key)}`,
    ...(e.size !== undefined ? [`Size:   ${e.size} bytes`] : []),
    ...(e.target ? [`To:     ${visible(e.target)}`] : []),
    `When:   ${e.time}`,
    `Why:    ${visible(e.reason)} (try ${e.attempt})`,
  ];
  if (kind === "failure")
    lines.push(
      e.actor === "nobody" ? "To do:  nothing yet" : `To do, by ${WHO[e.actor]}: ${visible(e.action)}`,
      ...stays(e),
    );
  lines.push(
    "",
    `Every file of the dataset: npx exports status ${e.dataset} --since 24h`,
    "You receive this because the dataset's file lists you under notify:.",
  );
  const special = ["dead-lettered", "kept-unrecorded", "held", "batch-complete", "batch-held"] as const;
  const subject = `data-exports: ${e.dataset}: ${SUBJECT[special.find((o) => o === e.outcome) ?? kind]}`;
  return { dataset: e.dataset, kind, subject, message: `${lines.join("\n")}\n` };
}
