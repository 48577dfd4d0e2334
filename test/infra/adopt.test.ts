import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { adoptionMappings } from "../../src/cli/adopt/command";
import { run } from "../../src/cli/program";
import type { Config } from "../../src/config/config";
import type { ResourceMapping } from "../../src/infra/importMappings";
import { buildApp } from "../../src/infra/app";
import { deploy, physicalName, resourcesOf, type Templates } from "../cloudFormation";
import { REPO, repoConfig, synthesize } from "../synth";

let config: Config;
let mappings: Map<string, ResourceMapping>;
let normal: Templates;
let adopting: Templates;

beforeAll(async () => {
  config = await repoConfig();
  const synth = synthesize(config);
  normal = synth.templates;
  mappings = adoptionMappings(synth.plan);
  const outdir = await mkdtemp(join(tmpdir(), "exports-adopting-"));
  adopting = buildApp(synth.plan, { outdir, bundle: false, adopting: true, validateTemplates: false })
    .synth()
    .stacks.map((s) => ({ name: s.stackName, template: s.template as Templates[number]["template"] }));
}, 120_000);

/** The adopting templates cut down to what `cdk import` submits: the mapped resources only. */
const imported = (): Templates =>
  adopting.map(({ name, template }) => ({
    name,
    template: {
      Resources: Object.fromEntries(
        Object.entries(template.Resources ?? {}).filter(([id]) => mappings.get(name)?.[id] !== undefined),
      ),
    },
  }));

describe("adopting the old deployment (exports adopt)", () => {
  it("maps every bucket, bucket policy and mover role, by the logical ids and names the deployed templates have", () => {
    const deployed = resourcesOf(normal);
    // The delivery ledger is new (decision 0017): the old deployment has no bucket to adopt.
    const ledger = `${config.settings.exportBucket}-ledger`;
    const adoptable = [...deployed].filter(
      ([, r]) =>
        ![r.Properties?.BucketName, r.Properties?.Bucket].includes(ledger) &&
        (r.Type === "AWS::S3::Bucket" ||
          r.Type === "AWS::S3::BucketPolicy" ||
          (r.Type === "AWS::IAM::Role" && String(r.Properties?.RoleName).startsWith("export_"))),
    );
    const mapped = [...mappings].flatMap(([stack, mapping]) =>
      Object.entries(mapping).map(([id, identifier]) => [`${stack}/${id}`, Object.values(identifier)[0]] as const),
    );
    expect(new Map(mapped)).toEqual(new Map(adoptable.map(([id, r]) => [id, physicalName(r)])));
    expect(mapped.length).toBe(2 * (2 + config.pull.length) + config.push.length);
  });

  it("imports without changing anything, then the first deployment updates every adopted resource in place", () => {
    // The old deployment: every bucket, bucket policy and mover role already exists.
    const world = new Set([...resourcesOf(imported()).values()].map((r) => `${r.Type}:${physicalName(r)}`));
    const plain = deploy([], normal, world, { importExisting: false });
    expect(plain.failures.length).toBe(mapped());

    const first = deploy(imported(), normal, world, { importExisting: false });
    expect(first.failures).toEqual([]);
    for (const [id, action] of first.actions) {
      if (!resourcesOf(imported()).has(id)) continue;
      // Every property differs from what the import recorded, so each one is applied.
      expect(action, id).toBe("update");
    }
  });

  it("keeps everything until the first deployment: imported resources are retained, so deleting the stacks gives the old deployment back", () => {
    for (const [id, r] of resourcesOf(imported())) {
      expect([id, r.DeletionPolicy, r.UpdateReplacePolicy]).toEqual([id, "Retain", "Retain"]);
      if (r.Type === "AWS::S3::Bucket") expect(Object.keys(r.Properties ?? {}), id).toEqual(["BucketName"]);
    }
  });

  it("writes one mapping file per stack, as `cdk import --resource-mapping` reads them", async () => {
    const out = join(await mkdtemp(join(tmpdir(), "exports-adopt-cli-")), "adopt");
    let stdout = "";
    const code = await run(["adopt", "--root", REPO, "--out", out], { stdout: (t) => (stdout += t), stderr: () => {} });
    expect(code).toBe(0);
    const files = (await readdir(out)).sort();
    expect(files).toEqual([...mappings.keys()].map((s) => `${s}.json`).sort());
    for (const [stack, mapping] of mappings)
      expect(JSON.parse(await readFile(join(out, `${stack}.json`), "utf8"))).toEqual(mapping);
    expect(stdout).toContain(
      `npx cdk import DataExports-Core -c exports:adopting=true --resource-mapping ${out}/DataExports-Core.json`,
    );
    await rm(out, { recursive: true, force: true });
  }, 60_000);
});

const mapped = () => [...mappings.values()].reduce((n, m) => n + Object.keys(m).length, 0);
