import { execFile } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { CreateBucketCommand } from "@aws-sdk/client-s3";
import { loadConfig } from "../src/config/loadConfig";
import { localS3Client } from "../src/local/localS3Client";
import { LOCAL_ADMIN, startLocalPlatform } from "../src/local/platform";
import { buildPlan } from "../src/plan/plan";
import { countObjects, rcloneEnv } from "./engine";

const run = promisify(execFile);
const OBJECTS = 1000;

export interface E2eBench {
  objects: number;
  endToEndPerSecond: number;
  uploadOnlyPerSecond: number;
  rcloneMovePerSecond: number;
}

/**
 * The whole flow on the local platform: a user uploads 1,000 small files with the AWS CLI, timed
 * until every one has arrived in the target; beside it, the same upload alone, and `rclone move`
 * of the same objects on the same engine.
 */
export async function benchEndToEnd(): Promise<E2eBench> {
  const plan = buildPlan((await loadConfig(join(import.meta.dirname, "../test/fixtures/repos/local"))).value).value;
  const platform = await startLocalPlatform(plan, {
    dir: "/tmp/data-exports-bench-e2e",
    rgwPort: 38480,
    monPorts: [38482, 38483],
    receiverPort: 38481,
    sweepEveryMs: 10_000,
    log: () => undefined,
  });
  const files = await mkdtemp(join(tmpdir(), "exports-bench-e2e-"));
  try {
    const admin = localS3Client(platform.endpoint, LOCAL_ADMIN);
    const ana = platform.spec.users.find((u) => u.uid === "alpha_user_ana");
    if (!ana) throw new Error("the fixture has no alpha_user_ana");
    await mkdir(join(files, "batch"));
    for (let i = 0; i < OBJECTS; i++)
      await writeFile(join(files, "batch", `object-${i}.csv`), `row ${i}\n`.repeat(100));
    const cli = (who: { accessKeyId: string; secretAccessKey: string }, ...args: string[]) =>
      run("/usr/bin/aws", [...args, "--endpoint-url", platform.endpoint, "--only-show-errors"], {
        env: {
          PATH: process.env.PATH,
          HOME: files,
          AWS_ACCESS_KEY_ID: who.accessKeyId,
          AWS_SECRET_ACCESS_KEY: who.secretAccessKey,
          AWS_DEFAULT_REGION: "us-east-1",
        },
        maxBuffer: 1 << 24,
      });

    const start = performance.now();
    await cli(
      ana,
      "s3",
      "cp",
      "--recursive",
      join(files, "batch"),
      "s3://mojap-hub-exports/team_a/batch/",
      "--acl",
      "bucket-owner-full-control",
    );
    const uploaded = performance.now();
    while ((await countObjects(admin, "team-a-landing", "team_a/batch/")) < OBJECTS)
      await new Promise((r) => setTimeout(r, 100));
    const arrived = performance.now();

    for (const bucket of ["rclone-src", "rclone-dst"]) await admin.send(new CreateBucketCommand({ Bucket: bucket }));
    await cli(LOCAL_ADMIN, "s3", "cp", "--recursive", join(files, "batch"), "s3://rclone-src/batch/");
    const env = rcloneEnv(platform.endpoint, LOCAL_ADMIN);
    const rcloneStart = performance.now();
    await run(
      "rclone",
      [
        "move",
        "local:rclone-src/batch",
        "local:rclone-dst/batch",
        "--transfers",
        "16",
        "--checkers",
        "16",
        "--s3-no-check-bucket",
        "-q",
      ],
      { env },
    );
    const rcloneEnd = performance.now();
    if ((await countObjects(admin, "rclone-dst", "batch/")) !== OBJECTS)
      throw new Error("rclone did not move every object");

    return {
      objects: OBJECTS,
      endToEndPerSecond: OBJECTS / ((arrived - start) / 1000),
      uploadOnlyPerSecond: OBJECTS / ((uploaded - start) / 1000),
      rcloneMovePerSecond: OBJECTS / ((rcloneEnd - rcloneStart) / 1000),
    };
  } finally {
    await platform.stop();
    await rm(files, { recursive: true, force: true });
  }
}
