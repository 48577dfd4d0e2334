// Types of build.mjs, for the tests that import it.
import type { Metafile } from "esbuild";

export const OUT_DIR: string;
export function buildCli(options?: { root?: string; outDir?: string; prune?: boolean }): Promise<Metafile>;
export function isBuildCurrent(options?: { root?: string; outDir?: string }): boolean;
export function formatBuildFailure(error: unknown): Promise<string>;
