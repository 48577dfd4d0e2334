import { describe, expect, expectTypeOf, it } from "vitest";
import { PULL_STEPS, PUSH_STEPS } from "../../src/cli/new/askAnswers";
import { NEW_FLAGS } from "../../src/cli/new/flags";
import type { PushDataset } from "../../src/config/dataset";
import type { KeyTable } from "../../src/config/keyTable";
import { booleanValue } from "../../src/config/rules/booleanValue";
import {
  DATASET_KEYS,
  FLAG_KEYS,
  type DatasetKey,
  type DatasetShape,
  type FlagKey,
  type ParsedFile,
} from "../../src/config/schema";
import { DEFAULT_SETTINGS } from "../../src/config/settings";
import { PULL_PARTS, PUSH_PARTS, type DatasetParts } from "../../src/config/toDataset";
import { validateDataset } from "../../src/config/validateDataset";

const KMS = "arn:aws:kms:eu-west-1:999988887777:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const datasetOf = (kind: "push" | "pull", lines: string[]) => {
  const { value, errors } = validateDataset(
    kind,
    `${kind}_datasets/ds.yaml`,
    `${lines.join("\n")}\n`,
    DEFAULT_SETTINGS,
  );
  expect(errors).toEqual([]);
  const { file, source, ...dataset } = value ?? { file: "", source: {} };
  return { file, source, dataset };
};

describe("the flag keys", () => {
  it("are the keys the schema declares as yes/no options, at run time and to the compiler", () => {
    expect(FLAG_KEYS).toEqual({ push: ["keep_files", "notify_deliveries"], pull: ["allow_push", "bucket_versioning"] });
    expectTypeOf<FlagKey<"push">>().toEqualTypeOf<"keep_files" | "notify_deliveries">();
    expectTypeOf<FlagKey<"pull">>().toEqualTypeOf<"allow_push" | "bucket_versioning">();
  });

  it("are each named in the boolean-value rule's description", () => {
    for (const key of [...FLAG_KEYS.push, ...FLAG_KEYS.pull]) expect(booleanValue.description).toContain(key);
  });
});

describe("a dataset from its file", () => {
  it("has a part for every key of the schema, and no other", () => {
    expectTypeOf<keyof typeof PUSH_PARTS>().toEqualTypeOf<keyof DatasetShape<"push">>();
    expectTypeOf<keyof typeof PULL_PARTS>().toEqualTypeOf<keyof DatasetShape<"pull">>();
    expect(Object.keys(PUSH_PARTS)).toEqual(DATASET_KEYS.push);
    expect(Object.keys(PULL_PARTS).sort()).toEqual([...DATASET_KEYS.pull].sort());
  });

  it("fails to compile when a key of the schema has no part, or a part names nothing of the dataset", () => {
    const { keep_files, ...withoutKeepFiles } = PUSH_PARTS;
    // @ts-expect-error keep_files is a key of the schema without its part
    const missing: DatasetParts<"push"> = withoutKeepFiles;
    const unknownField: KeyTable<ParsedFile<"push">, PushDataset, [ParsedFile<"push">]> = {
      ...PUSH_PARTS,
      // @ts-expect-error compressFiles is no field of a push dataset
      keep_files: () => ({ compressFiles: true }),
    };
    expect([keep_files, missing, unknownField]).toHaveLength(3);
  });

  it("reads every key of a push file", () => {
    const { dataset } = datasetOf("push", [
      "name: ds",
      "target_bucket: ds-target",
      "users: [alpha_user_ana, alpha_user_bob, alpha_user_ana]",
      "keep_files: [true]",
      `kms_key: ${KMS}`,
      'bucket_owner: "999988887777"',
      "paperwork: https://example.org/dpia",
      "expires: 2999-01-31",
      "takes_over: old_ds",
      "notify: [team@example.org]",
      "notify_deliveries: true",
      "files: [{ prefix: people/, formats: [csv], max_size: 1 KiB, columns: [id, Id] }]",
    ]);
    expect(dataset).toStrictEqual({
      kind: "push",
      name: "ds",
      bucket: "ds-target",
      users: ["alpha_user_ana", "alpha_user_bob"],
      keepFiles: true,
      kmsKey: KMS,
      bucketOwner: "999988887777",
      paperwork: ["https://example.org/dpia"],
      expires: "2999-01-31",
      takesOver: "old_ds",
      notify: { emails: ["team@example.org"], deliveries: true },
      files: [{ prefix: "people/", formats: ["csv"], maxBytes: 1024, columns: ["id", "Id"] }],
    });
  });

  it("leaves out of a push dataset what its file leaves out", () => {
    const { dataset } = datasetOf("push", ["name: ds", "bucket: ds-target", "users: [alpha_user_ana]"]);
    expect(dataset).toStrictEqual({
      kind: "push",
      name: "ds",
      bucket: "ds-target",
      users: ["alpha_user_ana"],
      keepFiles: false,
    });
  });

  it("reads every key of a pull file", () => {
    const tenant = "11111111-2222-3333-4444-555555555555";
    const object = "66666666-7777-8888-9999-000000000000";
    const { dataset } = datasetOf("pull", [
      "name: ds",
      "pull_arns: [arn:aws:iam::999988887777:role/reader, arn:aws:iam::999988887777:role/reader]",
      "users: [alpha_user_ana]",
      "google_service_accounts:",
      '  - { id: "123456789012345678901", email: reader@receiving-project.iam.gserviceaccount.com }',
      '  - { id: "123456789012345678901", email: reader@receiving-project.iam.gserviceaccount.com }',
      "azure_workloads:",
      `  - { tenant: ${tenant}, object_id: ${object}, audience: api://reader }`,
      "allow_push: true",
      "bucket_versioning: [true]",
      "paperwork: [dsa-1, dsa-2]",
      "expires: 2999-01-31",
      "takes_over: old_ds",
    ]);
    expect(dataset).toStrictEqual({
      kind: "pull",
      name: "ds",
      bucket: "mojap-ds",
      pullArns: ["arn:aws:iam::999988887777:role/reader"],
      users: ["alpha_user_ana"],
      googleServiceAccounts: [
        { id: "123456789012345678901", email: "reader@receiving-project.iam.gserviceaccount.com" },
      ],
      azureWorkloads: [{ tenant, objectId: object, audience: "api://reader" }],
      allowPush: true,
      bucketVersioning: true,
      paperwork: ["dsa-1", "dsa-2"],
      expires: "2999-01-31",
      takesOver: "old_ds",
    });
  });
});

describe("exports new", () => {
  it("has an entry for every key of the schema, asked or not", () => {
    expectTypeOf<keyof typeof PUSH_STEPS>().toEqualTypeOf<keyof DatasetShape<"push">>();
    expectTypeOf<keyof typeof PULL_STEPS>().toEqualTypeOf<keyof DatasetShape<"pull">>();
    expectTypeOf<(typeof NEW_FLAGS)[number]["key"]>().toEqualTypeOf<DatasetKey>();
  });

  it("asks for every key it has a flag for", () => {
    // The other readers of a pull bucket are asked with pull_arns.
    const asked = (steps: object) => Object.entries(steps).flatMap(([key, step]) => (step ? [key] : []));
    const keys = [...asked(PUSH_STEPS), ...asked(PULL_STEPS), "google_service_accounts", "azure_workloads"];
    for (const { key } of NEW_FLAGS) expect(keys).toContain(key);
  });
});
