import { PutObjectTaggingCommand } from "@aws-sdk/client-s3";
import { describe, expect, it } from "vitest";
import { DELIVERED_TAG } from "../../src/mover/deliveryMark";
import { MoveError } from "../../src/mover/errors";
import { moveObject } from "../../src/mover/moveObject";
import { sweep } from "../../src/mover/sweep";
import { FakeS3, s3Error } from "./fakeS3";
import { ENGINE_OPTIONS as OPTIONS, EXPORT, MOVED_AND_KEPT as ROUTES, writesCopy } from "./movedAndKept";

const NOW = new Date("2026-11-24T12:00:00Z");
const minutesAgo = (m: number) => () => new Date(NOW.getTime() - m * 60_000);
const SWEEP = { exportBucket: EXPORT, requeueAfterMs: 15 * 60_000, alarmAfterMs: 60 * 60_000, now: NOW };

function setup() {
  const s3 = new FakeS3().bucket(EXPORT, true).bucket("kept-target").bucket("ds-target");
  const client = s3.client();
  const move = (key: string, versionId?: string) =>
    moveObject({ bucket: EXPORT, key, ...(versionId ? { versionId } : {}) }, ROUTES, () => client, OPTIONS);
  return { s3, client, move };
}
const marked = (s3: FakeS3, key: string) => s3.current(EXPORT, key)?.tags[DELIVERED_TAG];
/** S3's most tags on one object, none of them the delivery mark. */
const tenTags = () => Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`t${i}`, "v"]));

describe("keep_files deliveries are tracked", () => {
  it("marks the version it delivered with a tag, keeping the object's other tags", async () => {
    const { s3, move } = setup();
    const version = s3.put(EXPORT, "kept/a.csv", "x");
    version.tags = { owner: "team" };
    expect(await move("kept/a.csv", version.id)).toMatchObject({ outcome: "copied" });
    expect(version.tags).toEqual({
      owner: "team",
      [DELIVERED_TAG]: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    expect(s3.calls).toContain("PutObjectTagging");
  });

  it("does not mark objects that are moved (they leave the export bucket)", async () => {
    const { s3, move } = setup();
    s3.put(EXPORT, "ds/a.csv", "x");
    expect(await move("ds/a.csv")).toMatchObject({ outcome: "moved" });
    expect(s3.calls).not.toContain("PutObjectTagging");
  });

  it("re-sends a kept object whose delivery failed, once the receiving bucket accepts, and then leaves it alone", async () => {
    const { s3, client, move } = setup();
    let refusing = true;
    s3.faults = (command) =>
      refusing && writesCopy(command) ? { when: "before", error: s3Error("AccessDenied", 403) } : undefined;
    s3.clock = minutesAgo(90);
    s3.put(EXPORT, "kept/report.csv", "delivered at last");
    // Every try fails while the receiving bucket refuses: no mark, so the sweep knows it was never delivered.
    for (let i = 0; i < 5; i++) await expect(move("kept/report.csv")).rejects.toBeInstanceOf(MoveError);
    expect(marked(s3, "kept/report.csv")).toBeUndefined();
    const before = await sweep(client, ROUTES, SWEEP);
    expect(before.requeue.map((e) => e.key)).toEqual(["kept/report.csv"]);
    expect(before.leftovers, "an hour past: the alarm's metric").toBe(1);

    refusing = false;
    for (const event of before.requeue)
      expect(await moveObject(event, ROUTES, () => client, OPTIONS)).toMatchObject({ outcome: "copied" });
    expect(s3.current("kept-target", "kept/report.csv")?.body.toString()).toBe("delivered at last");
    expect(s3.keys(EXPORT), "kept").toEqual(["kept/report.csv"]);
    const after = await sweep(client, ROUTES, SWEEP);
    expect(after.requeue, "kept after delivery").toEqual([]);
    expect(after.leftovers).toBe(0);
  });

  it("tells kept-after-delivery from never-delivered, and waits for fresh objects' own events", async () => {
    const { s3, client, move } = setup();
    s3.clock = minutesAgo(30);
    s3.put(EXPORT, "kept/delivered.csv", "a");
    await move("kept/delivered.csv");
    s3.put(EXPORT, "kept/never.csv", "b");
    s3.clock = minutesAgo(2);
    s3.put(EXPORT, "kept/fresh.csv", "c");
    const found = await sweep(client, ROUTES, SWEEP);
    expect(found.requeue.map((e) => e.key)).toEqual(["kept/never.csv"]);
    expect(found.leftovers).toBe(0);
  });

  it("re-sends a kept object written again after its delivery: the mark is on the delivered version only", async () => {
    const { s3, client, move } = setup();
    s3.clock = minutesAgo(30);
    s3.put(EXPORT, "kept/a.csv", "first");
    await move("kept/a.csv");
    s3.put(EXPORT, "kept/a.csv", "second, whose event was lost");
    expect((await sweep(client, ROUTES, SWEEP)).requeue.map((e) => e.key)).toEqual(["kept/a.csv"]);
  });

  it("retries a delivery whose mark could not be written, rather than report it delivered", async () => {
    const { s3, move } = setup();
    s3.faults = (command) =>
      command === "PutObjectTagging" ? { when: "before", error: s3Error("AccessDenied", 403) } : undefined;
    s3.put(EXPORT, "kept/a.csv", "x");
    const failure = await move("kept/a.csv").catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(MoveError);
    expect((failure as MoveError).message).toMatch(/AccessDenied during mark/);
  });

  it("delivers an object that already carries S3's 10 tags, and says the delivery could not be recorded", async () => {
    const { s3, move } = setup();
    const version = s3.put(EXPORT, "kept/a.csv", "x");
    version.tags = tenTags();
    const result = await move("kept/a.csv");
    // A final outcome, not a failure to retry: the copy is in the target, verified.
    expect(result).toMatchObject({ outcome: "copied-unrecorded", code: "TooManyTags" });
    expect(result.reason).toMatch(/was delivered, but .* carries 10 tags, S3's limit per object/);
    expect(s3.current("kept-target", "kept/a.csv")?.body.toString()).toBe("x");
    expect(s3.calls, "the requester's tags are left as they are").not.toContain("PutObjectTagging");
    expect(version.tags).toEqual(tenTags());
  });

  it("marks an object with 9 tags of its own, which makes S3's 10; S3 refuses an 11th", async () => {
    const { s3, client, move } = setup();
    const version = s3.put(EXPORT, "kept/a.csv", "x");
    const nine = Object.fromEntries(Object.entries(tenTags()).slice(0, 9));
    version.tags = nine;
    expect(await move("kept/a.csv")).toMatchObject({ outcome: "copied" });
    expect(Object.keys(version.tags)).toHaveLength(10);
    await expect(
      client.send(
        new PutObjectTaggingCommand({
          Bucket: EXPORT,
          Key: "kept/a.csv",
          Tagging: { TagSet: [...Object.entries(tenTags()), ["one", "more"]].map(([Key, Value]) => ({ Key, Value })) },
        }),
      ),
    ).rejects.toMatchObject({ name: "BadRequest" });
  });

  it("does not re-send a kept object with no mark and no room for one, and reports it without the alarm", async () => {
    const { s3, client, move } = setup();
    s3.clock = minutesAgo(90);
    s3.put(EXPORT, "kept/tagged.csv", "x").tags = tenTags();
    await move("kept/tagged.csv").catch(() => undefined);
    for (let sweeps = 0; sweeps < 3; sweeps++) {
      const found = await sweep(client, ROUTES, SWEEP);
      expect(found.requeue, "not sent again, sweep after sweep").toEqual([]);
      expect(found.unrecordable).toEqual(["kept/tagged.csv"]);
      expect(found.leftovers, "no alarm for a requester's tags").toBe(0);
    }
    expect(s3.calls.filter(writesCopy), "copied once, by its own event").toHaveLength(1);
  });

  it("sends it again, and records it, once one of its tags is removed", async () => {
    const { s3, client, move } = setup();
    s3.clock = minutesAgo(90);
    const version = s3.put(EXPORT, "kept/tagged.csv", "x");
    version.tags = tenTags();
    await move("kept/tagged.csv").catch(() => undefined);
    delete version.tags.t0;
    const found = await sweep(client, ROUTES, SWEEP);
    expect(found.requeue.map((e) => e.key)).toEqual(["kept/tagged.csv"]);
    expect(found.unrecordable).toEqual([]);
    for (const event of found.requeue)
      expect(await moveObject(event, ROUTES, () => client, OPTIONS)).toMatchObject({ outcome: "copied" });
    expect(marked(s3, "kept/tagged.csv")).toBeDefined();
    expect((await sweep(client, ROUTES, SWEEP)).requeue).toEqual([]);
  });
});
