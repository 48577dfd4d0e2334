import { readFileSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { repoConfig, REPO, synthesize } from "../synth";
import { lockfile, packageFolder } from "./lockfile";

describe("the Lambda bundles", () => {
  // CDK bundles with the esbuild it finds in the project (`npx --no-install esbuild`), falling back
  // to a Docker image that installs esbuild from the registry only when there is none: so the
  // project's esbuild must be the locked one.
  it("are built by the esbuild the lockfile installs", () => {
    const installed = createRequire(join(REPO, "package.json")).resolve("esbuild/package.json");
    expect(relative(REPO, installed)).toBe("node_modules/esbuild/package.json");
    const version = (JSON.parse(readFileSync(installed, "utf8")) as { version: string }).version;
    expect(version).toBe(lockfile().packages["node_modules/esbuild"]?.version);
  });

  it("hold only the project's source and the lockfile's runtime packages, at their locked versions", async () => {
    const { outdir } = synthesize(await repoConfig(), { bundle: true });
    const lock = lockfile();
    const maps = readdirSync(outdir)
      .filter((d) => d.startsWith("asset."))
      .map((d) => join(outdir, d, "index.mjs.map"))
      .filter((f) => {
        try {
          return readFileSync(f).length > 0;
        } catch {
          return false;
        }
      });
    expect(maps.length, "source maps of the functions' bundles").toBeGreaterThan(0);
    for (const map of maps) {
      // Nothing was installed into the function's code (CDK's nodeModules option would run npm there).
      expect(readdirSync(join(map, ".."))).not.toContain("node_modules");
      const { sources } = JSON.parse(readFileSync(map, "utf8")) as { sources: string[] };
      // esbuild names each input relative to its output folder, a sibling of the asset's folder.
      const inputs = sources.map((s) => relative(REPO, resolve(join(map, ".."), s)));
      expect(inputs.filter((i) => !i.startsWith("src/") && !i.startsWith("node_modules/"))).toEqual([]);
      for (const input of inputs.filter((i) => i.startsWith("node_modules/"))) {
        const folder = packageFolder(input) as string;
        const locked = lock.packages[folder];
        expect(locked, `${input} is in no package of the lockfile`).toBeDefined();
        expect(locked?.dev, `${folder} is a development package`).toBeUndefined();
        const installed = JSON.parse(readFileSync(join(REPO, folder, "package.json"), "utf8")) as { version: string };
        expect(installed.version, folder).toBe(locked?.version);
      }
    }
  }, 180_000);
});
