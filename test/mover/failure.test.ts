import { describe, expect, it } from "vitest";
import { deliveryEvent } from "../../src/delivery/deliveryEvent";
import type { MoveStep } from "../../src/mover/errors";
import { classify, explainFailure, givenUp, shouldRetry, type Actor } from "../../src/mover/failure";
import { MAX_TRIES } from "../../src/mover/retries";
import { s3Error } from "./fakeS3";

const ROLE = "arn:aws:iam::123456789012:role/service-role/export_ds-move";
const CONTEXT = { dataset: "ds", key: "ds/a.csv", target: "ds-target", role: ROLE };
const ROUTES = new Map([["ds", { name: "ds", targetBucket: "ds-target", keepFiles: false, roleArn: ROLE }]]);

interface Case {
  name: string;
  error: Error;
  step: MoveStep;
  code: string;
  actor: Actor;
  /** Words the operator's message (the audit line) and the requester's reason (the event) both carry. */
  both: string;
  action: RegExp;
}

const CASES: Case[] = [
  {
    name: "a refused copy: the receiving team's bucket policy",
    error: s3Error("AccessDenied", 403),
    step: "copy",
    code: "AccessDenied",
    actor: "receiving team",
    both: "ds-target",
    action: /^allow arn:aws:iam::123456789012:role\/service-role\/export_ds-move to write to ds-target/,
  },
  {
    name: "a 403 of another name is AccessDenied too",
    error: s3Error("Forbidden", 403),
    step: "delete",
    code: "AccessDenied",
    actor: "operators",
    both: "during delete",
    action: /npx cdk diff/,
  },
  {
    name: "a bucket in another region: the operators, told where (the event said 'S3 failed or was busy')",
    error: s3Error("PermanentRedirect", 301, { BucketRegion: "eu-west-2" }),
    step: "copy",
    code: "PermanentRedirect",
    actor: "operators",
    both: "is in eu-west-2",
    action: /followRegionRedirects/,
  },
  {
    name: "a missing target bucket: the receiving team, or the requester's key `bucket` (not target_bucket)",
    error: s3Error("NoSuchBucket", 404),
    step: "copy",
    code: "NoSuchBucket",
    actor: "receiving team",
    both: "ds-target does not exist",
    action: /^create ds-target, or the requester corrects bucket in the dataset file$/,
  },
  {
    name: "S3 busy: nobody while the mover retries",
    error: s3Error("SlowDown", 503),
    step: "copy",
    code: "SlowDown",
    actor: "nobody",
    both: "SlowDown",
    action: /^$/,
  },
];

describe("the mover's one failure classifier", () => {
  it.each(CASES)("$name", (c) => {
    const error = explainFailure(c.error, { ...CONTEXT, step: c.step });
    const failure = classify(error, { target: "ds-target", role: ROLE });
    expect(failure).toMatchObject({ code: c.code, step: c.step, actor: c.actor, retryable: true });
    expect(failure.action).toMatch(c.action);
    expect(error.message).toContain(c.both);
    expect(failure.reason).toContain(c.both);
    // The delivery event reads the same classification: it decides nothing itself.
    const event = deliveryEvent({
      event: { bucket: "mojap-hub-exports", key: "ds/a.csv" },
      result: error,
      attempt: 1,
      maxAttempts: MAX_TRIES,
      routes: ROUTES,
      time: new Date(0),
    });
    expect(event).toMatchObject({ outcome: "retrying", code: c.code, actor: c.actor, reason: failure.reason });
    expect(event.action).toBe(failure.action);
  });

  it("retries up to MAX_TRIES, then gives a failure that needed nobody to the operators", () => {
    const busy = classify(explainFailure(s3Error("SlowDown", 503), { ...CONTEXT, step: "copy" }), CONTEXT);
    expect(shouldRetry(busy, MAX_TRIES - 1, MAX_TRIES)).toBe(true);
    expect(shouldRetry(busy, MAX_TRIES, MAX_TRIES)).toBe(false);
    expect(givenUp(busy)).toMatchObject({ actor: "operators", action: expect.stringContaining("within 15 minutes") });
    const denied = classify(explainFailure(s3Error("AccessDenied", 403), { ...CONTEXT, step: "copy" }), CONTEXT);
    expect(givenUp(denied)).toEqual(denied);
  });
});
