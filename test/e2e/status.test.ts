import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GetObjectCommand, PutBucketPolicyCommand } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run } from "../../src/cli/program";
import { loadConfig } from "../../src/config/loadConfig";
import { readFile } from "node:fs/promises";
import { eventLogPath, readEventLog } from "../../src/delivery/eventLog";
import { noticesPath } from "../../src/delivery/localNotices";
import { LOCAL_ADMIN, type LocalPlatform } from "../../src/local/platform";
import { localS3Client } from "../../src/local/localS3Client";
import { localStateDir } from "../../src/local/stateDir";
import { buildPlan } from "../../src/plan/plan";
import { platformPorts } from "../ports";
import { FIXTURES } from "../support";
import { awsCli, pollWithLog, startTestPlatform } from "./testPlatform";

const REPO = join(FIXTURES, "repos/local");
const PORT = platformPorts("test/e2e/status.test.ts").rgwPort;
let platform: LocalPlatform;
let files: string;
const log: string[] = [];

beforeAll(async () => {
  const config = (await loadConfig(REPO)).value;
  // The state folder `exports status --local --port` looks in, as `exports dev` would use.
  platform = await startTestPlatform("test/e2e/status.test.ts", buildPlan(config).value, {
    dir: localStateDir(PORT),
    sweepEveryMs: 3000,
    log,
  });
  files = await mkdtemp(join(tmpdir(), "exports-status-e2e-"));
}, 120_000);
afterAll(async () => {
  await platform?.stop();
  await rm(files, { recursive: true, force: true });
});

const eventually = pollWithLog(log, 60_000);

/** Uploads as the dataset's platform user, with the AWS CLI, as a requester would. */
async function upload(key: string, body: string) {
  const ana = platform.spec.users.find((u) => u.uid === "alpha_user_ana");
  const file = join(files, "upload.csv");
  await writeFile(file, body);
  const args = ["s3", "cp", file, `s3://mojap-hub-exports/${key}`, "--acl", "bucket-owner-full-control"];
  const out = await awsCli(platform.endpoint, files, ana, ...args);
  expect(out.code, out.stderr).toBe(0);
}

async function status(...args: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await run(["status", "team_a", "--local", "--port", String(PORT), "--root", REPO, ...args], {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
  });
  return { code, stdout, stderr };
}

describe("exports status against the local platform", () => {
  it(
    "shows a delivery, then a receiving bucket's denial with the receiving team's action",
    { timeout: 180_000 },
    async () => {
      const admin = localS3Client(platform.endpoint, LOCAL_ADMIN);
      await upload("team_a/arrived.csv", "delivered");
      await eventually(() =>
        admin.send(new GetObjectCommand({ Bucket: "team-a-landing", Key: "team_a/arrived.csv" })).then(
          () => true,
          () => undefined,
        ),
      );

      // The receiving team's bucket now refuses every write, the mover role's too.
      const refuse = {
        Version: "2012-10-17",
        Statement: [
          { Effect: "Deny", Principal: "*", Action: "s3:PutObject", Resource: "arn:aws:s3:::team-a-landing/*" },
        ],
      };
      await admin.send(new PutBucketPolicyCommand({ Bucket: "team-a-landing", Policy: JSON.stringify(refuse) }));
      await upload("team_a/refused.csv", "refused");
      await eventually(async () => {
        const events = (await readEventLog(eventLogPath(localStateDir(PORT))))?.events ?? [];
        return events.some((e) => e.key === "team_a/refused.csv" && e.code === "AccessDenied") ? true : undefined;
      });

      const text = await status();
      expect(text.code, text.stderr).toBe(0);
      expect(text.stdout).toContain("Dataset team_a, since");
      expect(text.stdout).toContain("1 delivered, 1 not delivered yet.");
      expect(text.stdout).toMatch(/team_a\/arrived\.csv \(9 bytes\) → s3:\/\/team-a-landing\/team_a\/arrived\.csv/);
      expect(text.stdout).toContain("why: the target bucket team-a-landing refused the mover's write (access denied)");
      // The role as AWS names it, with its account, as `exports plan` prints it: not the engine's name.
      expect(text.stdout).toMatch(
        /to do, by the receiving team: allow arn:aws:iam::\d{12}:role\/service-role\/export_team_a-move to write/,
      );

      const json = JSON.parse((await status("--format", "json")).stdout) as {
        delivered: { key: string; outcome: string }[];
        notDelivered: { key: string; actor: string; code: string }[];
      };
      expect(json.delivered).toEqual([expect.objectContaining({ key: "team_a/arrived.csv", outcome: "delivered" })]);
      expect(json.notDelivered).toEqual([
        expect.objectContaining({ key: "team_a/refused.csv", actor: "receiving team", code: "AccessDenied" }),
      ]);

      // What SNS would have e-mailed team_a's notify address (it asked for deliveries too).
      const mail = await readFile(noticesPath(localStateDir(PORT)), "utf8");
      const notices = mail.split(/^-{72}$/m).filter((n) => n.trim() !== "");
      const about = (key: string) => notices.filter((n) => n.includes(`File:   ${key}`));
      expect(about("team_a/arrived.csv")).toEqual([
        expect.stringContaining(
          "To: team-a@example.org\nSubject: data-exports: team_a: a file arrived\nKind: delivery",
        ),
      ]);
      // One failure notice on the first try, not one per retry (the last try, if reached by now, has its own).
      const firstFailure = about("team_a/refused.csv").filter((n) => n.includes("a file has not arrived"));
      expect(firstFailure).toEqual([expect.stringContaining("Kind: failure")]);
      expect(firstFailure[0]).toContain("To do, by the receiving team: allow");
      expect(log.some((l) => l.startsWith("notice for team-a@example.org: "))).toBe(true);
    },
  );

  it(
    "mails a file that never arrives twice at most, however many tries and sweep rounds",
    { timeout: 180_000 },
    async () => {
      // The previous test left team-a-landing refusing every write: refused.csv is stuck.
      const gaveUp = () => log.filter((l) => l.startsWith("gave up after") && l.includes("team_a/refused.csv"));
      const swept = () => log.filter((l) => l.startsWith("sweep: ")).length;
      const sweptBefore = swept();
      // Its own event's five tries, then three of the sweep's re-sends (every 3 s), each tried five times.
      await eventually(async () => (gaveUp().length >= 4 && swept() >= sweptBefore + 3 ? true : undefined), 120_000);
      const mail = await readFile(noticesPath(localStateDir(PORT)), "utf8");
      const subjects = mail
        .split(/^-{72}$/m)
        .filter((n) => n.includes("File:   team_a/refused.csv"))
        .map((n) => /^Subject: (.*)$/m.exec(n)?.[1]);
      expect(subjects).toEqual([
        "data-exports: team_a: a file has not arrived",
        "data-exports: team_a: a file could not be delivered",
      ]);
    },
  );
});
