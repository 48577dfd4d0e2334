import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { FIXTURES } from "../support";
import { repoConfig, synthesize } from "../synth";

describe("the mover's Lambda bundle", () => {
  let asset: string;
  beforeAll(async () => {
    const { outdir, templates } = synthesize(await repoConfig(), { bundle: true });
    type Fn = { Properties?: { FunctionName?: string; Code?: { S3Key?: string } } };
    const core = templates.find((t) => t.name === "DataExports-Core")?.template as { Resources: Record<string, Fn> };
    const mover = Object.values(core.Resources).find((r) => r.Properties?.FunctionName === "data-exports-mover");
    // The function's code is the asset whose hash names its zip.
    asset = join(outdir, `asset.${mover?.Properties?.Code?.S3Key?.replace(/\.zip$/, "") ?? "missing"}`);
  }, 60_000);

  it("fails at cold start, saying what is missing, when deployed without its configuration", async () => {
    const script = `await import(${JSON.stringify(join(asset, "index.mjs"))});`;
    const env: NodeJS.ProcessEnv = { ...process.env, AWS_REGION: "eu-west-1" };
    delete env.EXPORT_BUCKET;
    const failure = await promisify(execFile)("node", ["--input-type=module", "-e", script], { env }).then(
      () => undefined,
      (e: { stderr: string }) => e,
    );
    expect(failure?.stderr).toContain("EXPORT_BUCKET is not set");
  }, 60_000);

  it("loads in a fresh Node process and answers an SQS batch with S3's test event", async () => {
    expect(asset, "an asset with the routes").toBeDefined();
    const routes = JSON.parse(readFileSync(join(asset, "routes.json"), "utf8")) as { name: string }[];
    expect(routes.map((r) => r.name).sort()).toEqual([
      "court_listings_weekly",
      "prison_population_hub",
      "survey_responses",
    ]);

    const event = {
      Records: [
        {
          messageId: "m1",
          body: readFileSync(join(FIXTURES, "events/test-event.json"), "utf8"),
          attributes: {},
          messageAttributes: {},
          eventSource: "aws:sqs",
        },
      ],
    };
    const context = {
      functionName: "data-exports-mover",
      awsRequestId: "r1",
      invokedFunctionArn: "arn:aws:lambda:eu-west-1:123456789012:function:data-exports-mover",
      memoryLimitInMB: "1024",
      functionVersion: "$LATEST",
      getRemainingTimeInMillis: () => 60000,
    };
    const script = `const m = await import(${JSON.stringify(join(asset, "index.mjs"))}); console.log("RESULT " + JSON.stringify(await m.handler(${JSON.stringify(event)}, ${JSON.stringify(context).slice(0, -1)}, getRemainingTimeInMillis: () => 60000 })));`;
    const { stdout } = await promisify(execFile)("node", ["--input-type=module", "-e", script], {
      env: {
        ...process.env,
        EXPORT_BUCKET: "mojap-hub-exports",
        LEDGER_BUCKET: "mojap-hub-exports-ledger",
        MANIFEST_SIGNING_KEY: "arn:aws:kms:eu-west-1:123456789012:key/0000aaaa-11bb-22cc-33dd-444455556666",
        AWS_REGION: "eu-west-1",
      },
    });
    expect(stdout.split("\n").find((l) => l.startsWith("RESULT "))).toBe('RESULT {"batchItemFailures":[]}');
  }, 180_000);
});
