import { readFileSync } from "node:fs";
import { join } from "node:path";
import { REPO } from "../synth";

/** One entry of package-lock.json's `packages`, keyed by its folder (`node_modules/a/node_modules/b`). */
export interface LockedPackage {
  version?: string;
  resolved?: string;
  integrity?: string;
  link?: boolean;
  inBundle?: boolean;
  dev?: boolean;
  optional?: boolean;
  hasInstallScript?: boolean;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

export interface Lockfile {
  lockfileVersion: number;
  packages: Record<string, LockedPackage>;
}

export interface PackageJson {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  overrides?: Record<string, string>;
  allowScripts?: Record<string, boolean>;
}

const readJson = <T>(file: string) => JSON.parse(readFileSync(join(REPO, file), "utf8")) as T;
export const lockfile = () => readJson<Lockfile>("package-lock.json");
export const packageJson = () => readJson<PackageJson>("package.json");

/** The package a folder under node_modules belongs to: `node_modules/@s/a/node_modules/b/lib` → `node_modules/@s/a/node_modules/b`. */
export function packageFolder(path: string): string | undefined {
  const parts = path.split("/");
  const folder: string[] = [];
  let i = 0;
  while (parts[i] === "node_modules") {
    const name = parts[i + 1]?.startsWith("@") ? parts.slice(i + 1, i + 3) : parts.slice(i + 1, i + 2);
    if (name.length === 0 || name.some((p) => p === "")) return undefined;
    folder.push("node_modules", ...name);
    i += 1 + name.length;
  }
  return folder.length > 0 ? folder.join("/") : undefined;
}
