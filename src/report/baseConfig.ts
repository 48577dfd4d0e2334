import type { Config } from "../config/config";
import { withCommitFiles } from "../config/commitFiles";
import { loadConfig } from "../config/loadConfig";
import type { BaseNames } from "../config/rules/nameUnique";

export { GitRefError } from "../config/commitFiles";

/**
 * The config as it was at a git ref: its dataset files and settings are read from git into a
 * temporary folder and loaded like any other. Errors in the base count for nothing: only its valid
 * datasets are compared against.
 */
export async function baseConfig(root: string, ref: string): Promise<Config> {
  return withCommitFiles(root, ref, async (dir) => (await loadConfig(dir)).value);
}

/** Each base dataset's file and the name it declared there: what name-unique judges a change's names against. */
export function baseNames(base: Config): BaseNames {
  return new Map([...base.push, ...base.pull].map((d) => [d.file, d.name]));
}
