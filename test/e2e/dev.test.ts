import { execFile } from "node:child_process";
import { appendFile, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { COMMAND_INDENT } from "../../src/local/instructions";
import { cleanUp, devDir, devPort, exitWithin, fixtureRepo, nothingLeft, startDev, until } from "./devProcess";

/** The command blocks of the printout: runs of lines indented as commands, in the order printed. */
function commandBlocks(printout: string): string[] {
  const blocks: string[][] = [[]];
  for (const line of printout.split("\n")) {
    if (line.startsWith(COMMAND_INDENT)) blocks.at(-1)?.push(line.slice(COMMAND_INDENT.length));
    else if ((blocks.at(-1)?.length ?? 0) > 0) blocks.push([]);
  }
  return blocks.filter((b) => b.length > 0).map((b) => b.join("\n"));
}

/** Runs one block as printed, in bash, with nothing but Debian's tools on PATH and no AWS configuration. */
async function runInFreshShell(block: string, home: string) {
  return promisify(execFile)("bash", ["-c", block], {
    cwd: home,
    env: { PATH: "/usr/bin:/bin", HOME: home, AWS_EC2_METADATA_DISABLED: "true" },
  })
    .then(({ stdout, stderr }) => ({ code: 0, stdout, stderr }))
    .catch((e: { code?: number; stdout?: string; stderr?: string }) => ({
      code: e.code ?? 1,
      stdout: e.stdout ?? "",
      stderr: e.stderr ?? "",
    }));
}

describe("exports dev (npm start)", () => {
  it(
    "prints commands for every identity that work as printed, says when edits need a restart, and stops everything on Ctrl-C",
    { timeout: 300_000 },
    async () => {
      const port = devPort();
      const root = await fixtureRepo();
      const home = await mkdtemp(join(tmpdir(), "exports-dev-home-"));
      const dev = startDev(root, port);
      try {
        await dev.ready();
        const printout = dev.output();
        expect(printout).toContain(`S3 endpoint: http://127.0.0.1:${port} (region us-east-1)`);
        // Where a person sees what became of each file, and what would have been e-mailed.
        expect(printout).toContain(`run npx exports status team_a --local --port ${port}`);
        expect(printout).toMatch(/e-mail to a dataset's notify: addresses are written to \S+notices\.txt/);

        const blocks = commandBlocks(printout);
        // Every identity acts in some command: platform users, each pull principal, the receiving team.
        for (const key of [...printout.matchAll(/access key (\S+),/g)].map((m) => m[1] ?? ""))
          expect(
            blocks.some((b) => b.includes(key)),
            `a command for the identity with key ${key}`,
          ).toBe(true);
        for (const arn of ["pull-111122223333-reader", "pull-444455556666-writer"])
          expect(blocks.some((b) => b.includes(`sts assume-role --role-arn arn:aws:iam:::role/${arn}`))).toBe(true);

        // Each block, exactly as printed, in a fresh shell, in order. Deliveries take a moment, so a
        // block that lists or reads what another delivered is polled until it succeeds.
        const results: { block: string; stdout: string }[] = [];
        for (const block of blocks) {
          const result = await until(
            `the printed command to succeed:\n${block}`,
            async () => {
              const r = await runInFreshShell(block, home);
              return r.code === 0 && (!block.includes(" ls ") || r.stdout.trim() !== "") ? r : undefined;
            },
            60_000,
          ).catch(async (error: Error) => {
            const r = await runInFreshShell(block, home);
            throw new Error(`${error.message}\nexit ${r.code}\n${r.stderr}\nplatform:\n${dev.output()}`);
          });
          results.push({ block, stdout: result.stdout });
        }
        const output = (fragment: string) => results.find((r) => r.block.includes(fragment))?.stdout ?? "";
        expect(output("s3://team-a-landing/team_a/")).toContain("team_a/from-alpha_user_ana.csv");
        expect(output("s3://team-b-landing/team_b/")).toContain("team_b/from-alpha_user_bo.csv");
        // The pull walkthroughs end with a read of what the dataset's platform user wrote.
        expect(output("pull-111122223333-reader").trim().split("\n").at(-1)).toBe("written by alpha_user_ana");
        expect(output("pull-444455556666-writer").trim().split("\n").at(-1)).toBe("written by alpha_user_bo");
        // Google and Azure workloads: a token from the local issuer, exchanged with no stored secret.
        const federated = results.filter((r) => r.block.includes("assume-role-with-web-identity"));
        expect(federated.map((r) => r.block.includes("Metadata-Flavor: Google"))).toEqual([false, true, false]);
        expect(federated.map((r) => r.stdout.trim().split("\n").at(-1))).toEqual([
          "written by alpha_user_bo",
          "written by alpha_user_ana",
          "written by alpha_user_ana",
        ]);

        // An edit while running: provisioning happened at start, so the command says to restart.
        await appendFile(join(root, "push_datasets/team_a.yaml"), "  - alpha_user_new-person\n");
        await until(
          "the restart notice",
          () => (dev.output().includes("dataset files changed") ? true : undefined),
          30_000,
        );
        expect(dev.output()).toContain("dataset files changed: press Ctrl-C and run npm start again to apply them");

        dev.child.kill("SIGINT");
        expect(await exitWithin(dev, 10_000)).toBe(0);
        expect(dev.output()).toContain("Stopped.");
        expect(nothingLeft(devDir(port)), "no engine process, folder or lock left").toBe(true);
      } finally {
        await cleanUp(dev, port);
        await rm(root, { recursive: true, force: true });
        await rm(home, { recursive: true, force: true });
      }
    },
  );
});
