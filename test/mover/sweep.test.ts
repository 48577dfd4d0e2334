import { describe, expect, it } from "vitest";
import { moveObject, type DatasetRoute } from "../../src/mover/moveObject";
import { objectEventsOf } from "../../src/mover/objectEvent";
import { MIB } from "../../src/mover/parts";
import { s3EventMessage } from "../../src/mover/s3EventMessage";
import { sweep } from "../../src/mover/sweep";
import { DELIVERED_TAG } from "../../src/mover/deliveryMark";
import { FakeS3 } from "./fakeS3";

const EXPORT = "mojap-hub-exports";
const ROUTES = new Map<string, DatasetRoute>([
  ["ds", { name: "ds", targetBucket: "ds-target", keepFiles: false, roleArn: "r" }],
  ["kept", { name: "kept", targetBucket: "kept-target", keepFiles: true, roleArn: "r" }],
]);
const NOW = new Date("2026-11-24T12:00:00Z");
const minutesAgo = (m: number) => () => new Date(NOW.getTime() - m * 60_000);
const OPTIONS = { exportBucket: EXPORT, requeueAfterMs: 15 * 60_000, alarmAfterMs: 60 * 60_000, now: NOW };

describe("the sweep", () => {
  it("re-queues what has waited too long, counts leftovers past an hour, and reports objects under no dataset", async () => {
    const s3 = new FakeS3("aws").bucket(EXPORT, true).bucket("ds-target");
    s3.clock = minutesAgo(5);
    s3.put(EXPORT, "ds/fresh.csv", "its event is surely on its way");
    s3.clock = minutesAgo(20);
    s3.put(EXPORT, "ds/late.csv", "event lost");
    s3.put(EXPORT, "kept/report.csv", "stays by design, once delivered").tags = { [DELIVERED_TAG]: "x" };
    s3.clock = minutesAgo(90);
    s3.put(EXPORT, "ds/very late + odd ©.csv", "dead-lettered");
    s3.put(EXPORT, "stray.csv", "under no dataset");
    const result = await sweep(s3.client(), ROUTES, OPTIONS);
    expect(result.requeue.map((e) => e.key).sort()).toEqual(["ds/late.csv", "ds/very late + odd ©.csv"]);
    expect(result.leftovers).toBe(1);
    expect(result.unrouted).toEqual(["stray.csv"]);
  });

  it("sends them in S3's own event form, so the mover moves them like any other", async () => {
    const s3 = new FakeS3("aws").bucket(EXPORT, true).bucket("ds-target");
    s3.clock = minutesAgo(30);
    s3.put(EXPORT, "ds/very late + odd ©.csv", "x");
    const client = s3.client();
    const { requeue } = await sweep(client, ROUTES, OPTIONS);
    const events = objectEventsOf(s3EventMessage(requeue));
    expect(events.map((e) => e.key)).toEqual(["ds/very late + odd ©.csv"]);
    const options = { exportBucket: EXPORT, multipartThreshold: 8 * MIB, partSize: 5 * MIB, concurrency: 2 };
    expect(await moveObject(events[0] as never, ROUTES, () => client, options)).toMatchObject({ outcome: "moved" });
    expect(s3.keys(EXPORT)).toEqual([]);
  });
});
