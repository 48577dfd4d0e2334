// Types of build.mjs, for the tests that import it.
import type { Metafile } from "esbuild";

export function buildCli(options?: { root?: string; outDir?: string }): Promise<Metafile>;
export function formatBuildFailure(error: unknown): Promise<string>;
