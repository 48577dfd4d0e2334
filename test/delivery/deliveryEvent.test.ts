import { describe, expect, it } from "vitest";
import { deliveryEvent, type DeliveryEvent } from "../../src/delivery/deliveryEvent";
import { MoveError } from "../../src/mover/errors";
import { moveObjects, type DatasetRoute } from "../../src/mover/moveObject";
import type { ObjectEvent } from "../../src/mover/objectEvent";
import { MIB } from "../../src/mover/parts";
import { MAX_TRIES } from "../../src/mover/retries";
import { FakeS3, s3Error, type FaultPlan } from "../mover/fakeS3";
import { writesCopy } from "../mover/movedAndKept";

const EXPORT = "mojap-hub-exports";
const OPTIONS = {
  exportBucket: EXPORT,
  multipartThreshold: 8 * MIB,
  partSize: 5 * MIB,
  concurrency: 2,
  verification: "engine-etag" as const,
};
const route = (name: string, targetBucket: string, keepFiles = false): [string, DatasetRoute] => [
  name,
  { name, targetBucket, keepFiles, roleArn: `arn:aws:iam::123456789012:role/service-role/export_${name}-move` },
];
const ROUTES = new Map([route("ds", "ds-target"), route("kept", "kept-target", true), route("gone", "no-such-bucket")]);
const TIME = new Date("2026-11-25T10:00:00.000Z");
const TEN_TAGS = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`t${i}`, "v"]));

interface Case {
  name: string;
  key: string;
  /** Writes before the event: the event names the first one's version. */
  writes?: number;
  faults?: FaultPlan;
  attempt?: number;
  /** Deliver twice: the second event meets an object already moved. */
  twice?: boolean;
  /** The tags the first write carries. */
  tags?: Record<string, string>;
  expected: Partial<DeliveryEvent>;
}

const denyCopy: FaultPlan = (command) =>
  writesCopy(command) ? { when: "before", error: s3Error("AccessDenied", 403) } : undefined;
const denyDelete: FaultPlan = (command) =>
  command.startsWith("DeleteObject") ? { when: "before", error: s3Error("AccessDenied", 403) } : undefined;
const busy: FaultPlan = (command) =>
  writesCopy(command) ? { when: "before", error: s3Error("SlowDown", 503) } : undefined;

const CASES: Case[] = [
  {
    name: "a moved object is delivered, nobody acts",
    key: "ds/a.csv",
    expected: { outcome: "delivered", actor: "nobody", action: "", size: 5, target: "s3://ds-target/ds/a.csv" },
  },
  {
    name: "a keep_files object is kept",
    key: "kept/a.csv",
    expected: { outcome: "kept", actor: "nobody", reason: expect.stringContaining("keep_files") as string },
  },
  {
    name: "a keep_files object with S3's 10 tags is kept, unrecorded, and the requester is told what that means",
    key: "kept/a.csv",
    tags: TEN_TAGS,
    expected: {
      outcome: "kept-unrecorded",
      actor: "requester",
      code: "TooManyTags",
      target: "s3://kept-target/kept/a.csv",
      reason: expect.stringContaining("could not be recorded on it: it carries 10 tags") as string,
      action: expect.stringContaining("at most 9 tags") as string,
    },
  },
  {
    name: "the same on what would be the last try: a delivery, never dead-lettered",
    key: "kept/a.csv",
    tags: TEN_TAGS,
    attempt: MAX_TRIES,
    expected: { outcome: "kept-unrecorded", actor: "requester" },
  },
  {
    name: "a repeated event finds it already delivered",
    key: "ds/a.csv",
    twice: true,
    expected: { outcome: "already-delivered", actor: "nobody" },
  },
  {
    name: "an object written again is superseded",
    key: "ds/a.csv",
    writes: 2,
    expected: { outcome: "superseded", actor: "nobody" },
  },
  {
    name: "an object under no dataset needs the requester",
    key: "stray/a.csv",
    expected: { outcome: "unrouted", actor: "requester", dataset: "stray" },
  },
  {
    name: "a receiving bucket that denies the write needs the receiving team, while retrying",
    key: "ds/a.csv",
    faults: denyCopy,
    expected: {
      outcome: "retrying",
      actor: "receiving team",
      code: "AccessDenied",
      reason: "the target bucket ds-target refused the mover's write (access denied)",
      action: expect.stringContaining("allow arn:aws:iam::123456789012:role/service-role/export_ds-move") as string,
    },
  },
  {
    name: "the same denial on the last try is dead-lettered, still for the receiving team",
    key: "ds/a.csv",
    faults: denyCopy,
    attempt: MAX_TRIES,
    expected: { outcome: "dead-lettered", actor: "receiving team", attempt: MAX_TRIES },
  },
  {
    name: "a denied delete needs the operators (the mover role's policy)",
    key: "ds/a.csv",
    faults: denyDelete,
    expected: { outcome: "retrying", actor: "operators", code: "AccessDenied" },
  },
  {
    name: "a missing target bucket needs the receiving team",
    key: "gone/a.csv",
    expected: { outcome: "retrying", actor: "receiving team", code: "NoSuchBucket" },
  },
  {
    name: "a busy S3 needs nobody while the mover retries",
    key: "ds/a.csv",
    faults: busy,
    expected: { outcome: "retrying", actor: "nobody", action: "", code: "SlowDown" },
  },
  {
    name: "a busy S3 on the last try needs the operators",
    key: "ds/a.csv",
    faults: busy,
    attempt: MAX_TRIES,
    expected: { outcome: "dead-lettered", actor: "operators" },
  },
];

/** Runs the real mover core over the fake S3 with the case's faults, and returns the event of its outcome. */
async function eventOf(c: Case): Promise<DeliveryEvent> {
  const s3 = new FakeS3().bucket(EXPORT, true).bucket("ds-target").bucket("kept-target");
  const first = s3.put(EXPORT, c.key, "hello", { tags: c.tags ?? {} });
  for (let i = 1; i < (c.writes ?? 1); i++) s3.put(EXPORT, c.key, `hello ${i}`);
  const event: ObjectEvent = {
    bucket: EXPORT,
    key: c.key,
    size: 5,
    eTag: first.eTag.replaceAll('"', ""),
    versionId: first.id,
  };
  const client = s3.client();
  const move = () => moveObjects([event], ROUTES, () => client, OPTIONS);
  if (c.twice) await move();
  s3.faults = c.faults ?? (() => undefined);
  const [result] = await move();
  return deliveryEvent({
    event,
    result: result as NonNullable<typeof result>,
    attempt: c.attempt ?? 1,
    maxAttempts: MAX_TRIES,
    routes: ROUTES,
    time: TIME,
  });
}

describe("delivery events from the mover's outcomes under injected faults", () => {
  it.each(CASES)("$name", async (c) => {
    const event = await eventOf(c);
    expect(event).toMatchObject({
      time: TIME.toISOString(),
      key: c.key,
      dataset: c.key.split("/")[0],
      attempt: c.attempt ?? 1,
      ...c.expected,
    });
    expect(event.checksum).toMatch(/^[0-9a-f]{32}$/);
    expect(event.reason.length).toBeGreaterThan(0);
    if (event.actor !== "nobody") expect(event.action.length).toBeGreaterThan(0);
  });

  it("never carries an object's contents", async () => {
    for (const c of CASES) expect(JSON.stringify(await eventOf(c))).not.toContain("hello");
  });

  it("dead-letters after as many tries as the queue allows (MAX_TRIES, the queue's maxReceiveCount: test/infra/coreConstructs.test.ts)", async () => {
    const at = (attempt: number) => eventOf({ name: "busy", key: "ds/a.csv", faults: busy, attempt, expected: {} });
    expect((await at(MAX_TRIES - 1)).outcome).toBe("retrying");
    expect((await at(MAX_TRIES)).outcome).toBe("dead-lettered");
  });

  it("decides who must act from the failure's step field, not from its message's words", () => {
    const failure = (step: "copy" | "delete") =>
      deliveryEvent({
        event: { bucket: EXPORT, key: "ds/a.csv" },
        // A message that says "during copy" whatever the step: only the field may count.
        result: new MoveError("AccessDenied during copy", { code: "AccessDenied", step }),
        attempt: 1,
        maxAttempts: MAX_TRIES,
        routes: ROUTES,
        time: TIME,
      });
    expect(failure("copy").actor).toBe("receiving team");
    expect(failure("delete")).toMatchObject({ actor: "operators", reason: expect.stringContaining("during delete") });
  });
});
