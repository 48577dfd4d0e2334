import { readFileSync } from "node:fs";
import type { DatasetRoute } from "../moveObject";
import { routeMap } from "../routes";

/**
 * The routes written beside the bundle at synthesis (src/infra/core/bundledFunction.ts): where
 * each push dataset's objects go. Read relative to the bundle, which is one file with its routes.
 */
export function bundledRoutes(): ReadonlyMap<string, DatasetRoute> {
  return routeMap(JSON.parse(readFileSync(new URL("./routes.json", import.meta.url), "utf8")) as DatasetRoute[]);
}
