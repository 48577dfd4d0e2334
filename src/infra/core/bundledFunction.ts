import * as lambda from "aws-cdk-lib/aws-lambda";
import * as nodejs from "aws-cdk-lib/aws-lambda-nodejs";
import type { Construct } from "constructs";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { routesOf } from "../../mover/routes";
import type { Plan } from "../../plan/plan";
import { deployedCommit } from "./deployedCommit";

const MOVER_CODE = join(import.meta.dirname, "../../mover/lambda");
const PACKAGE_LOCK = join(import.meta.dirname, "../../../package-lock.json");

/** A function of the mover's code (one of src/mover/lambda/), bundled with esbuild and the routes. */
export function bundledFunction(
  scope: Construct,
  id: string,
  entry: string,
  plan: Plan,
  props: Partial<nodejs.NodejsFunctionProps>,
): nodejs.NodejsFunction {
  const routes = routesFile(plan);
  return new nodejs.NodejsFunction(scope, id, {
    entry: join(MOVER_CODE, entry),
    // This package's own lock file: CDK would otherwise search up from the working directory and
    // fail when `exports synth --root` is run from outside the checkout.
    depsLockFilePath: PACKAGE_LOCK,
    runtime: lambda.Runtime.NODEJS_24_X,
    architecture: lambda.Architecture.ARM_64,
    ...props,
    bundling: {
      format: nodejs.OutputFormat.ESM,
      target: "node24",
      minify: true,
      sourceMap: true,
      forceDockerBundling: false,
      // Bundle the AWS SDK too: the function runs the versions the tests ran, not the runtime's.
      externalModules: [],
      // CommonJS dependencies inside an ES module bundle still call require().
      banner: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
      commandHooks: {
        beforeBundling: () => [],
        beforeInstall: () => [],
        afterBundling: (_input: string, output: string) => [`cp "${routes}" "${output}/routes.json"`],
      },
    },
  });
}

/** The mover's routes, written where the bundling step can copy them into the function's code. */
function routesFile(plan: Plan): string {
  const file = join(mkdtempSync(join(tmpdir(), "exports-routes-")), "routes.json");
  writeFileSync(file, JSON.stringify(routesOf(plan, deployedCommit())));
  return file;
}
