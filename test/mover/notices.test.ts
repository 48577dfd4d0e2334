import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import { snsPublisher } from "../../src/delivery/publishNotice";
import type { DatasetRoute } from "../../src/mover/moveObject";
import { s3EventMessage } from "../../src/mover/s3EventMessage";
import { sweep } from "../../src/mover/sweep";
import { FakeS3, s3Error } from "./fakeS3";
import { EXPORT, objectCreated, recordingHandler, sqsBatch, sqsMessage } from "./handlerHarness";

// The mover's delivery notices (decision 0010): published after the batch's moves are done and
// logged, to the dataset's own topic, with the kind the subscriptions filter on; a publish that
// fails is logged and counted and changes nothing about the moves.

const topic = (name: string) => `arn:aws:sns:eu-west-1:123456789012:data-exports-notify-${name}`;
const route = (name: string, targetBucket: string, notify: boolean): [string, DatasetRoute] => [
  name,
  {
    name,
    targetBucket,
    keepFiles: false,
    roleArn: `arn:aws:iam::123456789012:role/service-role/export_${name}-move`,
    ...(notify ? { noticeTopicArn: topic(name) } : {}),
  },
];
const ROUTES = new Map([
  route("listings", "listings-inbound", true),
  route("denied", "locked-bucket", true),
  route("quiet", "quiet-inbound", false),
]);
const sqsEvent = (keys: string[]) => sqsBatch(keys.map((key) => objectCreated(key, 6)));

const sns = mockClient(SNSClient);

function setup() {
  const s3 = new FakeS3("aws")
    .bucket(EXPORT, true)
    .bucket("listings-inbound")
    .bucket("locked-bucket")
    .bucket("quiet-inbound");
  s3.faults = (command, input) =>
    command === "CopyObject" && input.Bucket === "locked-bucket"
      ? { when: "before", error: s3Error("AccessDenied", 403) }
      : undefined;
  const { lines, metrics, run } = recordingHandler(s3, ROUTES, snsPublisher(new SNSClient({ region: "eu-west-1" })));
  s3.put(EXPORT, "listings/week.csv", "SECRET");
  s3.put(EXPORT, "denied/blocked.csv", "SECRET");
  s3.put(EXPORT, "quiet/q.csv", "SECRET");
  return { s3, lines, metrics, run };
}

beforeEach(() => sns.reset());

describe("the mover's delivery notices", () => {
  it("publishes each notifying dataset's event to its own topic, with the kind its subscriptions filter on", async () => {
    const { s3, run, metrics } = setup();
    // Published only after the moves: at the first publish, the delivered object is already in its target.
    let deliveredBeforePublish: boolean | undefined;
    sns.on(PublishCommand).callsFake(() => {
      deliveredBeforePublish ??= s3.keys("listings-inbound").includes("listings/week.csv");
      return { MessageId: "1" };
    });
    const result = await run(sqsEvent(["listings/week.csv", "denied/blocked.csv", "quiet/q.csv"]));
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: "m1" }]);
    expect(deliveredBeforePublish).toBe(true);
    const calls = sns.commandCalls(PublishCommand).map((c) => c.args[0].input);
    expect(calls.map((c) => [c.TopicArn, c.MessageAttributes?.kind?.StringValue]).sort()).toEqual([
      [topic("denied"), "failure"],
      [topic("listings"), "delivery"],
    ]);
    const failure = calls.find((c) => c.TopicArn === topic("denied"));
    expect(failure?.Subject).toBe("data-exports: denied: a file has not arrived");
    expect(failure?.Message).toContain("File:   denied/blocked.csv");
    expect(failure?.Message).toContain("To do, by the receiving team: allow");
    // Notices name objects; they never carry what is in them.
    for (const c of calls) expect(c.Message).not.toContain("SECRET");
    expect(metrics.NoticesSent).toBe(2);
  });

  it("logs and counts a notice SNS refuses, and moves, deletes and reports exactly as without it", async () => {
    const { s3, run, lines, metrics } = setup();
    sns.on(PublishCommand).rejects(Object.assign(new Error("Rate exceeded"), { name: "Throttled" }));
    const result = await run(sqsEvent(["listings/week.csv", "denied/blocked.csv"]));
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: "m1" }]);
    expect(s3.keys("listings-inbound")).toEqual(["listings/week.csv"]);
    expect(s3.keys(EXPORT).sort()).toEqual(["denied/blocked.csv", "quiet/q.csv"]);
    const failed = lines.filter((l) => l.message.startsWith("delivery notice not sent"));
    expect(failed.map((l) => l.fields)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ topicArn: topic("listings"), notice: "delivery", code: "Throttled" }),
        expect.objectContaining({ topicArn: topic("denied"), notice: "failure", code: "Throttled" }),
      ]),
    );
    expect(metrics.NoticeFailures).toBe(2);
    expect(metrics.NoticesSent).toBeUndefined();
    // The audit lines, which `exports status` reads, are written whatever SNS does.
    expect(lines.filter((l) => l.fields.delivery !== undefined)).toHaveLength(2);
  });

  it("publishes nothing for a dataset without notify addresses", async () => {
    const { run } = setup();
    await run(sqsEvent(["quiet/q.csv"]));
    expect(sns.commandCalls(PublishCommand)).toHaveLength(0);
  });

  it("sends at most two failure notices for a file that never arrives, however many tries, sweeps and restarts", async () => {
    const { s3 } = setup();
    sns.on(PublishCommand).resolves({ MessageId: "1" });
    const publish = snsPublisher(new SNSClient({ region: "eu-west-1" }));
    // Each round is a fresh handler, as after a cold start: nothing is remembered in the function.
    const receive = (body: string, times: number) =>
      Array.from({ length: times }, (_, n) => sqsMessage(`m${n}`, body, String(n + 1)));
    // A batch whose every message failed throws (FullBatchFailureError), and SQS tries it again.
    const tries = async (body: string) => {
      for (const message of receive(body, 5))
        await expect(recordingHandler(s3, ROUTES, publish).run({ Records: [message] })).rejects.toThrow(
          "all 1 messages",
        );
    };
    await tries(objectCreated("denied/blocked.csv", 6));
    for (let round = 0; round < 4; round++) {
      const found = await sweep(s3.client(), ROUTES, {
        exportBucket: EXPORT,
        requeueAfterMs: 0,
        alarmAfterMs: 60 * 60_000,
        now: new Date(Date.now() + 1000),
      });
      const resent = found.requeue.filter((e) => e.key === "denied/blocked.csv");
      expect(resent, "the sweep sends it again").toHaveLength(1);
      await tries(s3EventMessage(resent));
    }
    const subjects = () =>
      sns
        .commandCalls(PublishCommand)
        .flatMap((c) => (c.args[0].input.TopicArn === topic("denied") ? [c.args[0].input.Subject] : []));
    expect(subjects()).toEqual([
      "data-exports: denied: a file has not arrived",
      "data-exports: denied: a file could not be delivered",
    ]);

    // Once the receiving team lets the mover write, the next re-send delivers it, and says so.
    s3.faults = () => undefined;
    const found = await sweep(s3.client(), ROUTES, {
      exportBucket: EXPORT,
      requeueAfterMs: 0,
      alarmAfterMs: 60 * 60_000,
      now: new Date(Date.now() + 1000),
    });
    await recordingHandler(s3, ROUTES, publish).run({
      Records: [sqsMessage("m9", s3EventMessage(found.requeue.filter((e) => e.key === "denied/blocked.csv")))],
    });
    expect(s3.keys("locked-bucket")).toEqual(["denied/blocked.csv"]);
    expect(subjects()).toHaveLength(3);
    expect(subjects()[2]).toBe("data-exports: denied: a file arrived");
  });
});
