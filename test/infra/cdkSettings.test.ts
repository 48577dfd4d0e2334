import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildApp } from "../../src/infra/app";
import { FEATURE_FLAGS, PLATFORM_TAGS } from "../../src/infra/cdkSettings";
import { REPO, repoConfig } from "../synth";
import { buildPlan } from "../../src/plan/plan";

const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

describe("CDK feature flags and tags, set in code in one place", () => {
  it("cdk.json sets no flags, so cdk synth cannot synthesize differently from exports synth and doctor", () => {
    const cdkJson = JSON.parse(readFileSync(join(REPO, "cdk.json"), "utf8")) as Record<string, unknown>;
    expect(cdkJson).not.toHaveProperty("context");
  });

  it("the app built for every entry point carries each flag, and every stack the platform's tags", async () => {
    const outdir = await mkdtemp(join(tmpdir(), "exports-flags-"));
    dirs.push(outdir);
    const app = buildApp(buildPlan(await repoConfig()).value, { outdir, bundle: false, validateTemplates: false });
    for (const [flag, value] of Object.entries(FEATURE_FLAGS)) expect(app.node.tryGetContext(flag)).toEqual(value);
    const assembly = app.synth();
    expect(assembly.stacks.length).toBeGreaterThan(50);
    for (const stack of assembly.stacks) expect(stack.tags).toEqual(PLATFORM_TAGS);
  });

  it("every entry point builds the app through buildApp", () => {
    for (const entry of ["bin/cdk.ts", "src/cli/synth/command.ts", "src/doctor/expectedStacks.ts"])
      expect(readFileSync(join(REPO, entry), "utf8")).toMatch(/\bbuildApp\(/);
    // The deployment roles' own app applies the same flags and tags.
    const roles = readFileSync(join(REPO, "bin/deployment-roles.ts"), "utf8");
    expect(roles).toContain("context: FEATURE_FLAGS");
    expect(roles).toContain("tags: PLATFORM_TAGS");
  });
});
