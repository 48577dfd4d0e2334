import { describe, expect, it } from "vitest";
import { HeadObjectCommand } from "@aws-sdk/client-s3";
import { MoveError } from "../../src/mover/errors";
import { moveObject, type DatasetRoute, type MoverOptions } from "../../src/mover/moveObject";
import { MIB } from "../../src/mover/parts";
import { routesOf } from "../../src/mover/routes";
import { buildPlan } from "../../src/plan/plan";
import { configOf } from "../synth";
import { FakeS3, OWNER_ACCOUNT, type Profile } from "./fakeS3";

// bucket_owner: the mover writes to the target bucket only while the receiving team's account owns it.
const EXPORT = "mojap-hub-exports";
const RECEIVING = "999988887777";
const SOMEONE_ELSE = "444455556666";
const ROUTE: DatasetRoute = {
  name: "ds",
  targetBucket: "ds-target",
  keepFiles: false,
  roleArn: "arn:aws:iam::123456789012:role/service-role/export_ds-move",
  targetOwner: RECEIVING,
};
const OPTIONS: MoverOptions = { exportBucket: EXPORT, multipartThreshold: 8 * MIB, partSize: 5 * MIB, concurrency: 3 };
const optionsFor = (profile: Profile): MoverOptions =>
  profile === "aws" ? OPTIONS : { ...OPTIONS, verification: "engine-etag" };

const CASES = (["engine", "aws"] as const).flatMap((profile) => [
  { profile, size: 1024, how: "one CopyObject" },
  { profile, size: 12 * MIB, how: "parts" },
]);

function setup(profile: Profile, owner: string) {
  const s3 = new FakeS3(profile).bucket(EXPORT, true).bucket("ds-target", { owner });
  const client = s3.client();
  const move = (key: string) =>
    moveObject({ bucket: EXPORT, key }, new Map([["ds", ROUTE]]), () => client, optionsFor(profile));
  return { s3, move };
}

describe("a push dataset with bucket_owner", () => {
  it.each(CASES)(
    "$profile, $how: delivers while that account owns the target, asking S3 to check on every request to it",
    async ({ profile, size }) => {
      const { s3, move } = setup(profile, RECEIVING);
      s3.put(EXPORT, "ds/a.bin", Buffer.alloc(size, 7));
      expect(await move("ds/a.bin")).toMatchObject({ outcome: "moved" });
      const toTarget = s3.requests.filter((r) => r.input.Bucket === "ds-target");
      expect(toTarget.length).toBeGreaterThan(0);
      for (const r of toTarget) expect([r.command, r.input.ExpectedBucketOwner]).toEqual([r.command, RECEIVING]);
      // Requests to the export bucket are the platform's own: no receiving account is expected there.
      for (const r of s3.requests.filter((r) => r.input.Bucket === EXPORT))
        expect(r.input.ExpectedBucketOwner).toBeUndefined();
    },
  );

  it.each(CASES)(
    "$profile, $how: writes nothing to a bucket of that name another account owns, and keeps the source",
    async ({ profile, size }) => {
      const { s3, move } = setup(profile, SOMEONE_ELSE);
      s3.put(EXPORT, "ds/a.bin", Buffer.alloc(size, 7));
      const error = await move("ds/a.bin").then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(MoveError);
      expect(error).toMatchObject({ code: "AccessDenied" });
      expect((error as MoveError).message).toContain(`account ${RECEIVING} (bucket_owner) no longer owns`);
      expect(s3.keys("ds-target")).toEqual([]);
      expect(s3.openUploads).toBe(0);
      expect(s3.keys(EXPORT)).toEqual(["ds/a.bin"]);
    },
  );

  it("reaches the deployed mover's routes from the dataset file", () => {
    const text = `name: ds\nbucket: ds-target\nbucket_owner: "${RECEIVING}"\nusers:\n  - alpha_user_ana\n`;
    const plan = buildPlan(configOf([{ kind: "push", path: "push_datasets/ds.yaml", text }])).value;
    expect(routesOf(plan)).toEqual([expect.objectContaining({ name: "ds", targetOwner: RECEIVING })]);
  });
});

describe("the fake S3's bucket owner condition (as S3 documents it)", () => {
  it.each([
    { expected: OWNER_ACCOUNT, answered: "ok" },
    { expected: SOMEONE_ELSE, answered: "AccessDenied" },
    { expected: undefined, answered: "ok" },
  ])("ExpectedBucketOwner $expected on a bucket of $OWNER_ACCOUNT: $answered", async ({ expected, answered }) => {
    const s3 = new FakeS3("aws").bucket("b");
    s3.put("b", "k", "x");
    const sent = s3
      .client()
      .send(new HeadObjectCommand({ Bucket: "b", Key: "k", ...(expected ? { ExpectedBucketOwner: expected } : {}) }));
    await expect(
      sent.then(
        () => "ok",
        (e: Error) => e.name,
      ),
    ).resolves.toBe(answered);
  });
});
