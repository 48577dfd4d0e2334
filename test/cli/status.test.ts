import { readFileSync } from "node:fs";
import { copyFile, mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CloudWatchLogsClient, GetQueryResultsCommand, StartQueryCommand } from "@aws-sdk/client-cloudwatch-logs";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run } from "../../src/cli/program";
import { moverLogsClient, statusCommand } from "../../src/cli/status/command";
import { eventLogPath } from "../../src/delivery/eventLog";
import { parseEventLines } from "../../src/delivery/parseEvent";
import { FIXTURES } from "../support";
import { REPO } from "../synth";

const MIXED = join(FIXTURES, "delivery", "mixed.jsonl");
const PORT = 48480;
const D = "court_listings_weekly";

function capture() {
  const o = { stdout: "", stderr: "" };
  return { o, out: { stdout: (t: string) => (o.stdout += t), stderr: (t: string) => (o.stderr += t) } };
}
async function cli(...args: string[]) {
  const { o, out } = capture();
  const code = await run(args, out);
  return { code, ...o };
}

let tmp: string;
let savedTmpdir: string | undefined;
beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), "exports-status-"));
  savedTmpdir = process.env.TMPDIR;
  // The local platform's state folder lives under TMPDIR.
  process.env.TMPDIR = tmp;
  await mkdir(join(tmp, `data-exports-dev-${PORT}`));
  await copyFile(MIXED, eventLogPath(join(tmp, `data-exports-dev-${PORT}`)));
});
afterAll(async () => {
  if (savedTmpdir === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = savedTmpdir;
  await rm(tmp, { recursive: true, force: true });
});

describe("exports status --local", () => {
  it("reads the local platform's delivery log, in text", async () => {
    // The fixture's events are of 2026-11-25; a long window reaches them whatever today is.
    const r = await cli("status", D, "--local", "--port", String(PORT), "--since", "99999d", "--root", REPO);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("4 delivered, 1 not delivered yet.");
    expect(r.stdout).toContain("to do, by the receiving team: allow");
    expect(r.stderr).toContain("2 line(s) of");
  });

  it("reads it in JSON", async () => {
    const r = await cli(
      "status",
      D,
      "--local",
      "--port",
      String(PORT),
      "--since",
      "99999d",
      "--format",
      "json",
      "--root",
      REPO,
    );
    expect(r.code).toBe(0);
    const status = JSON.parse(r.stdout) as { delivered: unknown[]; notDelivered: { key: string }[] };
    expect(status.delivered).toHaveLength(4);
    expect(status.notDelivered.map((e) => e.key)).toEqual([`${D}/b.csv`]);
  });

  it("reads the mover's log in the settings' region, with no AWS configuration naming one", async () => {
    const saved = { AWS_REGION: process.env.AWS_REGION, AWS_DEFAULT_REGION: process.env.AWS_DEFAULT_REGION };
    delete process.env.AWS_REGION;
    delete process.env.AWS_DEFAULT_REGION;
    try {
      expect(await moverLogsClient({ region: "eu-west-2" }).config.region()).toBe("eu-west-2");
    } finally {
      for (const [key, value] of Object.entries(saved)) if (value !== undefined) process.env[key] = value;
    }
  });

  it("says of a pull dataset that it is one, where its files are, and what status follows", async () => {
    const r = await cli("status", "legal_aid_costs", "--root", REPO);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      '"legal_aid_costs" is a pull dataset: its platform users write to s3://mojap-legal-aid-costs/ and its readers read there',
    );
    expect(r.stderr).toContain("aws s3 ls --recursive s3://mojap-legal-aid-costs/");
    expect(r.stderr).not.toContain("there is no push dataset");
  });

  it("says how to start the local platform when it has no log", async () => {
    const r = await cli("status", D, "--local", "--port", "48490", "--root", REPO);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("no local delivery log at");
    expect(r.stderr).toContain("npm start -- --port 48490, or npx exports dev --port 48490");
  });

  it.each([
    [
      ["status", "no_such_dataset", "--local"],
      'there is no push dataset named "no_such_dataset"; the push datasets are: court_listings_weekly, prison_population_hub, survey_responses.',
    ],
    [["status", "evil\u001b[2J", "--local"], 'there is no push dataset named "evil<U+001B>[2J"'],
    [["status", D, "--since", "yesterday"], "--since must be a whole number followed by m, h or d"],
    [
      ["status", D, "--local", "--port", "../../etc"],
      '--port must be the port the local platform was started with, e.g. --port 7480; found "../../etc"',
    ],
  ])("refuses %j with a usage error", async (args, message) => {
    const r = await cli(...args, "--root", REPO);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr).not.toContain("\u001b");
  });
});

describe("exports status on AWS", () => {
  const NOW = new Date("2026-11-25T10:00:00.000Z");
  // As Powertools' Logger writes the audit line: the event under `delivery`.
  const rows = parseEventLines(readFileSync(MIXED, "utf8")).events.map((delivery) => [
    { field: "@timestamp", value: delivery.time.replace("T", " ").replace("Z", "") },
    { field: "@message", value: JSON.stringify({ level: "INFO", message: "object handled", delivery }) },
  ]);

  it("queries the mover's log group with Logs Insights, polls until complete, and reports", async () => {
    const logs = mockClient(CloudWatchLogsClient);
    logs.on(StartQueryCommand).resolves({ queryId: "q-1" });
    logs
      .on(GetQueryResultsCommand)
      .resolvesOnce({ status: "Scheduled" })
      .resolvesOnce({ status: "Running" })
      .resolves({ status: "Complete", results: [...rows, [{ field: "@message", value: "not json" }]] });
    const slept: number[] = [];
    const { o, out } = capture();
    const code = await statusCommand(D, { root: REPO, since: "24h", format: "text", local: false, port: "7480" }, out, {
      logs: logs as unknown as CloudWatchLogsClient,
      now: NOW,
      sleep: async (ms) => void slept.push(ms),
    });
    expect(code).toBe(0);
    expect(logs.commandCalls(StartQueryCommand).map((c) => c.args[0].input)).toEqual([
      {
        logGroupName: "/aws/lambda/data-exports-mover",
        startTime: Math.floor(NOW.getTime() / 1000) - 24 * 3600,
        endTime: Math.floor(NOW.getTime() / 1000),
        queryString: `fields @timestamp, @message | filter delivery.dataset = "${D}" | sort @timestamp desc | limit 10000`,
        limit: 10000,
      },
    ]);
    expect(logs.commandCalls(GetQueryResultsCommand).map((c) => c.args[0].input)).toEqual(
      Array(3).fill({ queryId: "q-1" }),
    );
    expect(slept).toEqual([250, 500]);
    expect(o.stdout).toContain(`Dataset ${D}, since 2026-11-24 10:00:00 UTC: 3 delivered, 1 not delivered yet.`);
    expect(o.stdout).toContain("why: the target bucket listings-partner-inbound refused the mover's write");
  });

  it.each([
    ["a failed query", { status: "Failed" as const }, "the Logs Insights query ended Failed"],
    ["refused credentials", new Error("User is not authorized to perform: logs:StartQuery"), "logs:StartQuery"],
  ])("says what went wrong on %s, and what it needs", async (_name, answer, message) => {
    const logs = mockClient(CloudWatchLogsClient);
    if (answer instanceof Error) logs.on(StartQueryCommand).rejects(answer);
    else {
      logs.on(StartQueryCommand).resolves({ queryId: "q-2" });
      logs.on(GetQueryResultsCommand).resolves(answer);
    }
    const { o, out } = capture();
    const code = await statusCommand(D, { root: REPO, since: "1h", format: "json", local: false, port: "7480" }, out, {
      logs: logs as unknown as CloudWatchLogsClient,
      now: NOW,
      sleep: async () => undefined,
    });
    expect(code).toBe(1);
    expect(o.stdout).toBe("");
    expect(o.stderr).toContain(message);
    expect(o.stderr).toContain("logs:GetQueryResults");
  });
});

describe("exports status of a push dataset whose access has ended", () => {
  const EXPIRING = join(FIXTURES, "repos/expiring");
  const status = async (now: string, format: "text" | "json") => {
    const logs = mockClient(CloudWatchLogsClient);
    logs.on(StartQueryCommand).resolves({ queryId: "q-3" });
    logs.on(GetQueryResultsCommand).resolves({ status: "Complete", results: [] });
    const { o, out } = capture();
    const code = await statusCommand(
      "court_feed",
      { root: EXPIRING, since: "24h", format, local: false, port: "7480" },
      out,
      { logs: logs as unknown as CloudWatchLogsClient, now: new Date(now), sleep: async () => undefined },
    );
    return { code, ...o };
  };

  it("says first why uploads are refused and how to renew, keeping the JSON on stdout whole", async () => {
    const r = await status("2027-01-01T00:00:00Z", "json");
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(
      "exports status: Access to push dataset court_feed ended after 2026-12-31 (Europe/London; at 2027-01-01T00:00:00Z).\n",
    );
    expect(r.stderr).toContain("statement AgreementEnded20261231RefuseWrites");
    expect(r.stderr).toContain("change expires on line 7 of push_datasets/court_feed.yaml");
    expect(r.stderr).toContain("upload to s3://mojap-hub-exports/court_feed/ as before");
    expect(r.stderr).toContain("exports status: If the agreement ended on purpose, there is nothing to do");
    expect(JSON.parse(r.stdout)).toMatchObject({ dataset: "court_feed" });
  });

  it("says nothing of it on the last second of the last day", async () => {
    const r = await status("2026-12-31T23:59:59Z", "text");
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
  });
});
