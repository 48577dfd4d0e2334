import { execFile, spawn } from "node:child_process";
import { appendFile, cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { FIXTURES, testSlot } from "../support";

const BIN = join(import.meta.dirname, "../../bin/exports.mjs");

describe("exports dev (npm start)", () => {
  it("prints how to use the platform, says when edits need a restart, and stops everything on Ctrl-C", async () => {
    const port = 28480 + testSlot() * 10;
    const root = await mkdtemp(join(tmpdir(), "exports-dev-"));
    await cp(join(FIXTURES, "repos/local"), root, { recursive: true });
    const child = spawn("node", [BIN, "dev", "--root", root, "--port", String(port)], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    const deadline = Date.now() + 90_000;
    while (!output.includes("Press Ctrl-C to stop") && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 200));

    expect(output).toContain(`S3 endpoint: http://127.0.0.1:${port}`);
    expect(output).toMatch(
      /platform user alpha_user_ana +AWS_ACCESS_KEY_ID=AK[0-9A-F]{18} AWS_SECRET_ACCESS_KEY=[0-9a-f]{40}/,
    );
    expect(output).toContain(
      `s3 cp ./some-file.csv s3://mojap-hub-exports/team_a/some-file.csv --acl bucket-owner-full-control`,
    );
    expect(output).toContain("sts assume-role --role-arn arn:aws:iam:::role/pull-111122223333-reader");

    // An edit while running: provisioning happened at start, so the command says to restart.
    await appendFile(join(root, "push_datasets/team_a.yaml"), "  - alpha_user_new-person\n");
    while (!output.includes("dataset files changed") && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
    expect(output).toContain("dataset files changed: press Ctrl-C and run npm start again to apply them");

    child.kill("SIGINT");
    expect(await exited).toBe(0);
    expect(output).toContain("Stopped.");
    const left = await promisify(execFile)("pgrep", ["-f", `data-exports-dev-${port}`]).then(
      (r) => r.stdout,
      () => "",
    );
    expect(left, "no engine process left running").toBe("");
    await rm(root, { recursive: true, force: true });
  }, 120_000);
});
