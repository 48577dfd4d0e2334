import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { plannedBuckets } from "../../src/doctor/plannedBuckets";
import { buildApp } from "../../src/infra/app";
import { ACCESS_LOGS_TAG, DATASET_TAG, EXPORT_BUCKET_TAG, LEDGER_TAG } from "../../src/infra/datasetTag";
import type { Templates } from "../cloudFormation";
import { repoConfig, synthesize } from "../synth";

let normal: Templates;
let adopting: Templates;
let pull: Map<string, string>;

beforeAll(async () => {
  const config = await repoConfig();
  const synth = synthesize(config);
  normal = synth.templates;
  pull = new Map(config.pull.map((d) => [d.bucket, d.name]));
  const outdir = await mkdtemp(join(tmpdir(), "exports-adopting-"));
  adopting = buildApp(synth.plan, { outdir, bundle: false, adopting: true, validateTemplates: false })
    .synth()
    .stacks.map((s) => ({ name: s.stackName, template: s.template as Templates[number]["template"] }));
}, 120_000);

const buckets = (templates: Templates) =>
  templates.flatMap(({ template }) =>
    Object.values(template.Resources ?? {}).filter((r) => r.Type === "AWS::S3::Bucket"),
  );

describe("the dataset tag on every bucket the platform creates", () => {
  it("names the pull dataset on its bucket, and the platform's own purpose on the export, access-log and ledger buckets", () => {
    const tagged = Object.fromEntries(
      buckets(normal).map((r) => {
        const tags = (r.Properties?.Tags ?? []) as { Key: string; Value: string }[];
        return [r.Properties?.BucketName as string, tags.find((t) => t.Key === DATASET_TAG)?.Value];
      }),
    );
    expect(tagged).toEqual({
      "mojap-hub-exports": EXPORT_BUCKET_TAG,
      "mojap-hub-exports-access-logs": ACCESS_LOGS_TAG,
      "mojap-hub-exports-ledger": LEDGER_TAG,
      ...Object.fromEntries(pull),
    });
  });

  it("is what the pre-deploy check reads, for every named bucket of every stack", () => {
    const planned = plannedBuckets(normal.map((t) => ({ stackName: t.name, template: t.template })));
    expect(planned.map((b) => b.bucket).sort()).toEqual(
      buckets(normal)
        .map((r) => r.Properties?.BucketName)
        .sort(),
    );
    expect(planned.find((b) => b.bucket === "mojap-legal-aid-costs")).toMatchObject({
      stackName: expect.stringMatching(/^DataExports-Pull-\d\d$/),
      tag: "legal_aid_costs",
    });
  });

  it("is left out of the templates `cdk import` adopts with, so the first deployment after the import applies it", () => {
    expect(buckets(adopting).length).toBe(buckets(normal).length);
    for (const bucket of buckets(adopting))
      expect(bucket.Properties?.Tags, String(bucket.Properties?.BucketName)).toBeUndefined();
  });
});
