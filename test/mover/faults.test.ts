import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MoveError } from "../../src/mover/errors";
import { moveObject, moveObjects, type DatasetRoute } from "../../src/mover/moveObject";
import type { ObjectEvent } from "../../src/mover/objectEvent";
import { MIB } from "../../src/mover/parts";
import { FakeS3, s3Error, type Fault, type Profile } from "./fakeS3";

const EXPORT = "mojap-hub-exports";
const OPTIONS = { exportBucket: EXPORT, multipartThreshold: 8 * MIB, partSize: 5 * MIB, concurrency: 3 };
const KMS_KEY = "arn:aws:kms:eu-west-1:999988887777:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const ROUTES = new Map<string, DatasetRoute>([
  [
    "ds",
    {
      name: "ds",
      targetBucket: "ds-target",
      keepFiles: false,
      roleArn: "arn:aws:iam::123456789012:role/service-role/export_ds-move",
      // Only the aws profile's target demands it; the engine profile ignores encryption headers.
      kmsKeyArn: KMS_KEY,
    },
  ],
  [
    "kept",
    {
      name: "kept",
      targetBucket: "kept-target",
      keepFiles: true,
      roleArn: "arn:aws:iam::123456789012:role/service-role/export_kept-move",
    },
  ],
]);
const MAX_TRIES = 5;

/** Each fault an S3 call can meet: refused before it runs, or run and then its answer lost. */
const FAULTS: (() => NonNullable<Fault>)[] = [
  () => ({ when: "before", error: s3Error("SlowDown", 503) }),
  () => ({ when: "before", error: s3Error("InternalError", 500) }),
  () => ({ when: "before", error: s3Error("AccessDenied", 403) }),
  () => ({ when: "before", error: Object.assign(new Error("connect ECONNRESET"), { name: "ECONNRESET" }) }),
  () => ({ when: "lost", error: Object.assign(new Error("socket timed out"), { name: "TimeoutError" }) }),
  () => ({ when: "lost", error: s3Error("InternalError", 500) }),
  () => ({ when: "partial", error: s3Error("InternalError", 500) }),
];

/** A small deterministic random source, so a failing case replays exactly. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const write = fc.record({
  type: fc.constant("write" as const),
  dataset: fc.constantFrom("ds", "kept"),
  key: fc.constantFrom("a.csv", "b c.csv", "deep/x+y.csv"),
  content: fc.nat(5),
  big: fc.boolean(),
  withoutChecksum: fc.boolean(),
});
// `big`: uploaded in parts, so it is copied in parts.
// `overwriteAt`: the user writes the key again at that S3 call of this delivery, mid-move.
// `batch`: events taken together, as one SQS batch reaches the mover.
const deliver = fc.record({
  type: fc.constant("deliver" as const),
  pick: fc.nat(),
  batch: fc.integer({ min: 1, max: 4 }),
  duplicate: fc.boolean(),
  seed: fc.nat(),
  overwriteAt: fc.option(fc.nat(6), { nil: undefined }),
});
const history = fc.array(fc.oneof({ weight: 2, arbitrary: write }, { weight: 3, arbitrary: deliver }), {
  minLength: 1,
  maxLength: 40,
});

type History = typeof history extends fc.Arbitrary<infer T> ? T : never;

async function play(profile: Profile, versioned: boolean, actions: History) {
  const s3 = new FakeS3(profile)
    .bucket(EXPORT, versioned)
    .bucket("ds-target", { encryption: "SSE-KMS", requireKmsKey: KMS_KEY })
    .bucket("kept-target");
  // AWS throttles busy prefixes: every 17th request is answered SlowDown.
  if (profile === "aws") s3.slowDownEvery = 17;
  const client = s3.client();
  const OPTIONS_HERE = profile === "aws" ? OPTIONS : { ...OPTIONS, verification: "engine-etag" as const };
  const latest = new Map<string, Buffer>();
  const queue: { event: ObjectEvent; tries: number }[] = [];
  const deadLetters: ObjectEvent[] = [];
  const move = (event: ObjectEvent) => moveObject(event, ROUTES, () => client, OPTIONS_HERE);

  /** Nothing is lost: each key's last write is still in the export bucket, or is in the target. */
  const checkNothingLost = () => {
    for (const [key, body] of latest) {
      const target = `${key.split("/")[0]}-target`;
      const inExport = s3.current(EXPORT, key)?.body.equals(body) ?? false;
      const inTarget = s3.current(target, key)?.body.equals(body) ?? false;
      expect(inExport || inTarget, `the last write of ${key} is lost`).toBe(true);
    }
  };

  const userWrites = (key: string, body: Buffer, options: { eTag?: string; checksum?: "none" } = {}) => {
    const v = s3.put(EXPORT, key, body, options);
    latest.set(key, body);
    queue.push({
      event: { bucket: EXPORT, key, ...(versioned ? { versionId: v.id } : { eTag: v.eTag.replaceAll('"', "") }) },
      tries: 0,
    });
  };

  for (const action of actions) {
    if (action.type === "write") {
      const key = `${action.dataset}/${action.key}`;
      const body = Buffer.from(`${key} #${action.content}${action.big ? " (uploaded in parts)" : ""}`);
      // A parts-style ETag sends the object down the multipart copy path on the engine, whatever its size.
      // On AWS an object may have no CRC64NVME (uploaded before S3's default, or with another algorithm).
      userWrites(key, body, {
        ...(action.big ? { eTag: `"${"ab".repeat(16)}-${action.content + 1}"` } : {}),
        ...(action.withoutChecksum ? { checksum: "none" as const } : {}),
      });
    } else if (queue.length > 0) {
      const taken: (typeof queue)[number][] = [];
      for (let n = 0; n < action.batch && queue.length > 0; n++) {
        const index = (action.pick + n * 7) % queue.length;
        taken.push(queue[index] as (typeof queue)[number]);
        if (!action.duplicate) queue.splice(index, 1);
      }
      const next = random(action.seed);
      let call = 0;
      s3.faults = () => {
        const item = taken[call % taken.length] as (typeof taken)[number];
        if (call++ === action.overwriteAt)
          userWrites(item.event.key, Buffer.from(`${item.event.key} rewritten mid-move #${call}`));
        return next() < 0.3 ? FAULTS[Math.floor(next() * FAULTS.length)]?.() : undefined;
      };
      const results = await moveObjects(
        taken.map((t) => t.event),
        ROUTES,
        () => client,
        OPTIONS_HERE,
      );
      results.forEach((result, n) => {
        if (!(result instanceof MoveError)) return;
        const item = taken[n] as (typeof taken)[number];
        if (++item.tries < MAX_TRIES) queue.push(item);
        else deadLetters.push(item.event);
      });
    }
    checkNothingLost();
  }

  // Faults end. The dead-letter queue is redriven, what is left is delivered, and the sweep finds
  // anything still in the export bucket (as an event with no version, as the sweep sends it).
  s3.faults = () => undefined;
  s3.slowDownEvery = 0;
  for (const event of [...deadLetters, ...queue.map((q) => q.event)]) await move(event);
  for (const key of s3.keys(EXPORT)) await move({ bucket: EXPORT, key });
  checkNothingLost();
  for (const [key, body] of latest) {
    const dataset = key.split("/")[0] as string;
    expect(s3.current(`${dataset}-target`, key)?.body.equals(body), `${key} delivered as last written`).toBe(true);
    if (dataset === "ds") expect(s3.current(EXPORT, key), `${key} gone from the export bucket`).toBeUndefined();
  }
}

describe("the mover under faults, duplicates and reordering", () => {
  it.each([
    { bucket: "a versioned export bucket", versioned: true, profile: "engine" as const },
    { bucket: "a plain export bucket", versioned: false, profile: "engine" as const },
    { bucket: "a versioned export bucket", versioned: true, profile: "aws" as const },
    { bucket: "a plain export bucket", versioned: false, profile: "aws" as const },
  ])(
    "never loses an object and ends with the last write delivered ($bucket, $profile profile)",
    async ({ versioned, profile }) => {
      await fc.assert(
        fc.asyncProperty(history, (actions) => play(profile, versioned, actions)),
        { numRuns: 300 },
      );
    },
    120_000,
  );
});
