import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO } from "../synth";
import { lockfile, packageFolder, packageJson, type LockedPackage } from "./lockfile";

const lock = lockfile();
const pkg = packageJson();
const entries = Object.entries(lock.packages).filter(([folder]) => folder !== "");
const REGISTRY = "https://registry.npmjs.org/";

/** The folder of the package that ships a bundled one inside its own tarball. */
function bundler(folder: string): string {
  return folder.slice(0, folder.lastIndexOf("/node_modules/"));
}

describe("package-lock.json", () => {
  it("is npm's current format and records exactly package.json's dependencies", () => {
    expect(lock.lockfileVersion).toBe(3);
    const root = lock.packages[""] as LockedPackage;
    expect(root.dependencies).toEqual(pkg.dependencies);
    expect(root.devDependencies).toEqual(pkg.devDependencies);
  });

  it("asks only for registry versions: no git, URL, file or alias", () => {
    const specs = { ...pkg.dependencies, ...pkg.devDependencies, ...pkg.overrides };
    for (const [name, spec] of Object.entries(specs)) expect(spec, name).toMatch(/^[~^]?\d+\.\d+\.\d+(?:-[\w.]+)?$/);
  });

  it("pins every package by an sha512 integrity hash, from the npm registry over https", () => {
    for (const [folder, p] of entries) {
      expect(p.link, `${folder} is a link to a folder, not a registry package`).toBeUndefined();
      if (p.inBundle) {
        // Shipped inside another package's tarball, so that tarball's hash covers it.
        expect(lock.packages[bundler(folder)]?.integrity, `${folder}: its bundler's hash`).toMatch(/^sha512-/);
        continue;
      }
      expect(p.integrity, folder).toMatch(/^sha512-[A-Za-z0-9+/]{86}==$/);
      if (p.resolved !== undefined) expect(p.resolved, folder).toMatch(new RegExp(`^${REGISTRY}.+\\.tgz$`));
    }
  });

  it("leaves out the URLs only because the project's .npmrc names the registry, over https", () => {
    const npmrc = readFileSync(join(REPO, ".npmrc"), "utf8");
    expect(npmrc.split("\n").filter((l) => /^\s*registry\s*=/.test(l))).toEqual([`registry=${REGISTRY}`]);
    // No scoped registry or token that would send some packages elsewhere.
    expect(npmrc).not.toMatch(/^\s*@[^:]+:registry|_authToken|^\s*always-auth/m);
  });

  it("runs install scripts only of the packages package.json approves", () => {
    const scripted = entries
      .filter(([, p]) => p.hasInstallScript)
      .map(([folder]) => folder.split("node_modules/").pop());
    expect(scripted.length).toBeGreaterThan(0);
    for (const name of scripted)
      expect(pkg.allowScripts ?? {}, `${name} runs an install script`).toHaveProperty(name as string, true);
  });

  it("is what node_modules holds: every package installed at its locked version", () => {
    for (const [folder, p] of entries) {
      const manifest = join(REPO, folder, "package.json");
      // Optional packages are other platforms' builds (esbuild's), installed only where they run.
      if (!existsSync(manifest)) {
        expect(p.optional, `${folder} is not installed: run npm ci`).toBe(true);
        continue;
      }
      const installed = JSON.parse(readFileSync(manifest, "utf8")) as { version: string };
      expect(installed.version, `${folder}: run npm ci`).toBe(p.version);
    }
  });

  it.each([
    ["node_modules/yaml/dist/index.js", "node_modules/yaml"],
    ["node_modules/@smithy/core/dist-es/x.js", "node_modules/@smithy/core"],
    ["node_modules/a/node_modules/@s/b/lib/c.js", "node_modules/a/node_modules/@s/b"],
    ["src/mover/copy.ts", undefined],
  ])("finds the package folder of %s", (path, folder) => {
    expect(packageFolder(path)).toBe(folder);
  });
});
