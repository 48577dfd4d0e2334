import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, expectTypeOf, it } from "vitest";
import { deployedCommit } from "../../src/infra/core/deployedCommit";
import type { PushDataset } from "../../src/config/dataset";
import type { KeyTable } from "../../src/config/keyTable";
import type { DatasetRoute } from "../../src/mover/moveObject";
import { ROUTE_PARTS, routesOf } from "../../src/mover/routes";
import { buildPlan } from "../../src/plan/plan";
import { configOf } from "../synth";

const routesFor = (text: string) =>
  routesOf(buildPlan(configOf([{ kind: "push", path: "push_datasets/ds.yaml", text }])).value);

const MINIMAL = "name: ds\nbucket: ds-target\nusers:\n  - alpha_user_ana\n";

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
      "datasetFile",
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
      datasetFile: { path: "push_datasets/ds.yaml" },
    });
  });

  it("names the dataset file and the commit it is deployed from, for each delivery record's provenance", () => {
    const plan = buildPlan(configOf([{ kind: "push", path: "push_datasets/ds.yaml", text: MINIMAL }])).value;
    const commit = "0123456789abcdef0123456789abcdef01234567";
    expect(routesOf(plan, commit)[0]?.datasetFile).toStrictEqual({ path: "push_datasets/ds.yaml", commit });
    expect(routesOf(plan)[0]?.datasetFile).toStrictEqual({ path: "push_datasets/ds.yaml" });
  });
});

describe("deployedCommit", () => {
  it("is HEAD of the git work tree the synthesis runs in", () => {
    const repo = mkdtempSync(join(tmpdir(), "exports-commit-"));
    const git = (...args: string[]) =>
      execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.org", ...args], {
        cwd: repo,
        encoding: "utf8",
      });
    git("init", "-q");
    writeFileSync(join(repo, "a.yaml"), "name: a\n");
    git("add", "a.yaml");
    git("commit", "-qm", "a");
    const head = git("rev-parse", "HEAD").trim();
    expect(deployedCommit(repo)).toBe(head);
    expect(deployedCommit(join(repo, "."))).toMatch(/^[0-9a-f]{40}$/);
  });

  it("is undefined outside git (the records then name the file without a commit)", () => {
    expect(deployedCommit(mkdtempSync(join(tmpdir(), "exports-nogit-")))).toBeUndefined();
  });

  it("has an entry for every field of a push dataset, each giving a part of the route", () => {
    expectTypeOf<keyof typeof ROUTE_PARTS>().toEqualTypeOf<keyof PushDataset>();
    const { kind, ...withoutKind } = ROUTE_PARTS;
    // @ts-expect-error a table missing a field of the dataset does not compile
    const missing: KeyTable<PushDataset, DatasetRoute, [PushDataset]> = withoutKind;
    expect([kind, missing]).toHaveLength(2);
  });
});
