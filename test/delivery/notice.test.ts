import { describe, expect, it } from "vitest";
import type { DeliveryEvent } from "../../src/delivery/deliveryEvent";
import { mailText } from "../../src/delivery/localNotices";
import { noticeOf, recipients } from "../../src/delivery/notice";

const event = (over: Partial<DeliveryEvent>): DeliveryEvent => ({
  time: "2026-11-25T10:00:00.000Z",
  outcome: "delivered",
  dataset: "listings",
  key: "listings/week.csv",
  size: 12,
  target: "s3://listings-inbound/listings/week.csv",
  attempt: 1,
  reason: "delivered",
  actor: "nobody",
  action: "",
  ...over,
});

describe("which delivery events are worth an e-mail", () => {
  const cases: { name: string; e: Partial<DeliveryEvent>; kind: string | undefined }[] = [
    { name: "a delivery", e: { outcome: "delivered" }, kind: "delivery" },
    { name: "a kept delivery", e: { outcome: "kept" }, kind: "delivery" },
    { name: "a repeated event", e: { outcome: "already-delivered" }, kind: undefined },
    { name: "a superseded version", e: { outcome: "superseded" }, kind: undefined },
    {
      name: "a first failure someone must act on",
      e: { outcome: "retrying", actor: "receiving team", action: "allow" },
      kind: "failure",
    },
    {
      name: "a later try of that failure",
      e: { outcome: "retrying", attempt: 2, actor: "receiving team", action: "allow" },
      kind: undefined,
    },
    { name: "a failure the retries may clear (S3 busy)", e: { outcome: "retrying", actor: "nobody" }, kind: undefined },
    { name: "the last try", e: { outcome: "dead-lettered", attempt: 5, actor: "operators" }, kind: "failure" },
    {
      name: "an arrival that could not be recorded reaches every address, as failures do",
      e: { outcome: "kept-unrecorded", actor: "requester", action: "give later files at most 9 tags" },
      kind: "failure",
    },
  ];
  it.each(cases)("$name", ({ e, kind }) => {
    expect(noticeOf(event(e))?.kind).toBe(kind);
  });
});

describe("a notice", () => {
  it("has an ASCII subject under SNS's 100 characters for the longest dataset name", () => {
    const longest = "a".repeat(52);
    for (const outcome of ["delivered", "dead-lettered", "kept-unrecorded"] as const) {
      const subject = noticeOf(event({ dataset: longest, outcome, actor: "operators" }))?.subject ?? "";
      expect(subject.length).toBeLessThan(100);
      expect(subject).toMatch(/^[\x20-\x7e]+$/);
    }
  });

  it("spells out invisible and reordering characters of the key, and says who must do what", () => {
    const notice = noticeOf(
      event({
        outcome: "retrying",
        key: "listings/\u202Efdp.exe\u001b[2J.csv",
        actor: "receiving team",
        action: "allow the role",
      }),
    );
    expect(notice?.message).toContain("File:   listings/<U+202E>fdp.exe<U+001B>[2J.csv");
    expect(notice?.message).not.toContain("\u202E");
    expect(notice?.message).not.toContain("\u001b");
    expect(notice?.message).toContain("To do, by the receiving team: allow the role");
    expect(notice?.message).toContain("npx exports status listings");
  });

  it("says a file arrived when its delivery could not be recorded, and what the requester may do", () => {
    const notice = noticeOf(
      event({ outcome: "kept-unrecorded", reason: "it carries 10 tags", actor: "requester", action: "at most 9 tags" }),
    );
    expect(notice?.subject).toBe("data-exports: listings: a file arrived, not recorded");
    expect(notice?.message).toContain(
      "A file of dataset listings arrived in its target bucket, but its delivery could not be recorded.",
    );
    expect(notice?.message).toContain("To do, by you: at most 9 tags");
    expect(notice?.message).not.toContain("has not arrived");
    expect(notice?.message).not.toContain("until it is delivered");
  });

  it("reaches every address when it is a failure, and only deliveries subscribers when it is a delivery", () => {
    const notify = { emails: ["a@example.org"], deliveries: false };
    expect(recipients(notify, "failure")).toEqual(["a@example.org"]);
    expect(recipients(notify, "delivery")).toEqual([]);
    expect(recipients({ ...notify, deliveries: true }, "delivery")).toEqual(["a@example.org"]);
  });

  it("is written locally as the e-mail it would be", () => {
    const notice = noticeOf(event({}));
    if (!notice) throw new Error("no notice");
    const text = mailText(notice, ["a@example.org", "b@example.org"]);
    expect(text.split("\n").slice(0, 4)).toEqual([
      "To: a@example.org, b@example.org",
      "Subject: data-exports: listings: a file arrived",
      "Kind: delivery",
      "",
    ]);
  });
});
