import type { SQSEvent } from "aws-lambda";
import { describe, expect, it } from "vitest";
import { parseEvent } from "../../src/delivery/parseEvent";
import { FullBatchFailureError } from "../../src/mover/lambda/batchHandler";
import { FakeS3, s3Error } from "../mover/fakeS3";
import { EXPORT, objectCreated, recordingHandler, sqsMessage } from "../mover/handlerHarness";

const ROUTES = new Map([
  [
    "ds",
    {
      name: "ds",
      targetBucket: "locked-bucket",
      keepFiles: false,
      roleArn: "arn:aws:iam::123456789012:role/service-role/export_ds-move",
    },
  ],
]);
const message = (key: string, receiveCount: string) => sqsMessage(key, objectCreated(key), receiveCount);

describe("the mover's audit line carries the delivery event", () => {
  it("with the attempt SQS counted, dead-lettered on the last receive, readable back by exports status", async () => {
    const s3 = new FakeS3().bucket(EXPORT, true).bucket("locked-bucket");
    s3.put(EXPORT, "ds/first.csv", "one");
    s3.put(EXPORT, "ds/last.csv", "two");
    s3.faults = (command) =>
      command === "CopyObject" ? { when: "before", error: s3Error("AccessDenied", 403) } : undefined;
    const { lines, run: handle } = recordingHandler(s3, ROUTES);
    const batch: SQSEvent = { Records: [message("ds/first.csv", "1"), message("ds/last.csv", "5")] };
    // Every message failed, so the handler throws (SQS retries the whole batch) after logging each.
    await expect(handle(batch)).rejects.toThrow(FullBatchFailureError);
    // Logs Insights reads the line as JSON: the event must survive that round trip.
    const events = lines.map((l) =>
      parseEvent((JSON.parse(JSON.stringify(l.fields)) as { delivery: unknown }).delivery),
    );
    expect(events).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ key: "ds/first.csv", attempt: 1, outcome: "retrying", actor: "receiving team" }),
        expect.objectContaining({ key: "ds/last.csv", attempt: 5, outcome: "dead-lettered", actor: "receiving team" }),
      ]),
    );
  });
});
