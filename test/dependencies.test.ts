import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { importsOf, packageImports, packageOf } from "./packageImports";

const REPO = join(import.meta.dirname, "..");

const manifest = JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
const dependencies = Object.keys(manifest.dependencies).sort();
const devDependencies = Object.keys(manifest.devDependencies);

// What ships and runs: the CLI, the CDK app and the Lambda functions (src/mover/lambda) are all
// under src/ or bin/. Everything else only serves development.
const shipped = packageImports(REPO, ["src", "bin"]);
const development = packageImports(REPO, ["test", "bench", "scripts"]);
const rootConfigs = ["eslint.config.js", "vitest.config.ts"].flatMap((file) =>
  importsOf(file, readFileSync(join(REPO, file), "utf8")).flatMap(({ specifier }) => {
    const name = packageOf(specifier);
    return name ? [{ file, name }] : [];
  }),
);
const runtime = shipped.filter((i) => !i.typeOnly);

function requiredPeers(name: string): string[] {
  const { peerDependencies = {}, peerDependenciesMeta = {} } = JSON.parse(
    readFileSync(join(REPO, "node_modules", name, "package.json"), "utf8"),
  ) as { peerDependencies?: Record<string, string>; peerDependenciesMeta?: Record<string, { optional?: boolean }> };
  return Object.keys(peerDependencies).filter((peer) => peerDependenciesMeta[peer]?.optional !== true);
}

describe("dependencies are classified by what imports them", () => {
  it("every package the shipped code imports at run time is a dependency", () => {
    const misplaced = runtime.filter((i) => !dependencies.includes(i.name)).map((i) => `${i.file} imports ${i.name}`);
    expect(misplaced).toEqual([]);
  });

  it("every dependency is imported at run time by the shipped code, or required by one that is (the rest are devDependencies)", () => {
    const imported = new Set(runtime.map((i) => i.name));
    // A package's required peers (aws-cdk-lib needs constructs) are the application's to install.
    const peers = [...imported].flatMap((name) => requiredPeers(name));
    expect([...new Set([...imported, ...peers])].sort()).toEqual(dependencies);
  });

  it("types, tests, benchmarks and scripts use only declared packages", () => {
    const declared = new Set([...dependencies, ...devDependencies]);
    const typesPackage = (name: string) => `@types/${name.replace(/^@(.*)\//, "$1__")}`;
    const undeclared = [...shipped.filter((i) => i.typeOnly), ...development, ...rootConfigs]
      .filter((i) => !declared.has(i.name) && !declared.has(typesPackage(i.name)))
      .map((i) => `${i.file} imports ${i.name}`);
    expect(undeclared).toEqual([]);
  });

  it("no package is both a dependency and a devDependency", () => {
    expect(dependencies.filter((name) => devDependencies.includes(name))).toEqual([]);
  });
});

describe("the import scanner", () => {
  it("tells imports TypeScript erases from those that load a module", () => {
    const source = [
      'import type { SQSEvent } from "aws-lambda";',
      'import { type Options, build } from "esbuild";',
      'import { readFile } from "node:fs/promises";',
      'import { join } from "path";',
      'export type { Stack } from "aws-cdk-lib";',
      'export { z } from "zod";',
      'import "./local";',
      'const s3 = await import("@aws-sdk/client-s3");',
    ].join("\n");
    expect(
      importsOf("x.ts", source).map(({ specifier, typeOnly }) => ({ name: packageOf(specifier), typeOnly })),
    ).toEqual([
      { name: "aws-lambda", typeOnly: true },
      { name: "esbuild", typeOnly: false },
      { name: undefined, typeOnly: false },
      { name: undefined, typeOnly: false },
      { name: "aws-cdk-lib", typeOnly: true },
      { name: "zod", typeOnly: false },
      { name: undefined, typeOnly: false },
      { name: "@aws-sdk/client-s3", typeOnly: false },
    ]);
  });
});
