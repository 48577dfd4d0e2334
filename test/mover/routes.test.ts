import { describe, expect, expectTypeOf, it } from "vitest";
import type { PushDataset } from "../../src/config/dataset";
import type { KeyTable } from "../../src/config/keyTable";
import type { DatasetRoute } from "../../src/mover/moveObject";
import { ROUTE_PARTS, routesOf } from "../../src/mover/routes";
import { buildPlan } from "../../src/plan/plan";
import { configOf } from "../synth";

const routesFor = (text: string) =>
  routesOf(buildPlan(configOf([{ kind: "push", path: "push_datasets/ds.yaml", text }])).value);

const KMS = "arn:aws:kms:eu-west-1:999988887777:key/1234abcd-12ab-34cd-56ef-1234567890ab";

describe("routesOf", () => {
  it("carries every option of a push dataset to its route, in the order routes.json has always had", () => {
    const text = [
      "name: ds",
      "bucket: ds-target",
      "users:",
      "  - alpha_user_ana",
      "keep_files: true",
      `kms_key: ${KMS}`,
      'bucket_owner: "999988887777"',
      "notify:",
      "  - team@example.org",
      "files:",
      "  - prefix: people/",
      "    formats: [csv, parquet]",
      "    max_size: 500 MB",
      "    columns: [id, age_band]",
      "",
    ].join("\n");
    const [route] = routesFor(text);
    expect(Object.keys(route ?? {})).toEqual([
      "name",
      "targetBucket",
      "keepFiles",
      "roleArn",
      "kmsKeyArn",
      "targetOwner",
      "contract",
      "noticeTopicArn",
    ]);
    expect(route).toMatchObject({
      name: "ds",
      targetBucket: "ds-target",
      keepFiles: true,
      roleArn: expect.stringMatching(/:role\/service-role\/export_ds-move$/),
      kmsKeyArn: KMS,
      targetOwner: "999988887777",
      contract: [
        { prefix: "people/", formats: ["csv", "parquet"], maxBytes: 500_000_000, columns: ["id", "age_band"] },
      ],
      noticeTopicArn: expect.stringMatching(/^arn:aws:sns:/),
    });
  });

  it("leaves out what the file leaves out (no key holding undefined)", () => {
    const [route] = routesFor("name: ds\nbucket: ds-target\nusers:\n  - alpha_user_ana\n");
    expect(route).toStrictEqual({
      name: "ds",
      targetBucket: "ds-target",
      keepFiles: false,
      roleArn: expect.stringMatching(/:role\/service-role\/export_ds-move$/),
    });
  });

  it("has an entry for every field of a push dataset, each giving a part of the route", () => {
    expectTypeOf<keyof typeof ROUTE_PARTS>().toEqualTypeOf<keyof PushDataset>();
    const { kind, ...withoutKind } = ROUTE_PARTS;
    // @ts-expect-error a table missing a field of the dataset does not compile
    const missing: KeyTable<PushDataset, DatasetRoute, [PushDataset]> = withoutKind;
    expect([kind, missing]).toHaveLength(2);
  });
});
