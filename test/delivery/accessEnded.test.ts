import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { Config } from "../../src/config/config";
import { loadConfig } from "../../src/config/loadConfig";
import { renewal } from "../../src/config/rules/renewal";
import { accessEnded } from "../../src/delivery/accessEnded";
import { FIXTURES } from "../support";

let config: Config;
beforeAll(async () => {
  config = (await loadConfig(join(FIXTURES, "repos/expiring"))).value;
});
const push = (name: string) => config.push.find((d) => d.name === name) as Config["push"][number];

describe("accessEnded: why an expired push dataset's uploads are refused", () => {
  it.each([
    {
      name: "court_feed on its last second (London)",
      dataset: "court_feed",
      now: "2026-12-31T23:59:59Z",
      ended: false,
    },
    {
      name: "court_feed from the first instant after it",
      dataset: "court_feed",
      now: "2027-01-01T00:00:00Z",
      ended: true,
    },
    { name: "a dataset without expires, years later", dataset: "open_feed", now: "2040-01-01T00:00:00Z", ended: false },
  ])("$name", ({ dataset, now, ended }) => {
    const lines = accessEnded(push(dataset), config.settings, new Date(now));
    expect(lines !== undefined).toBe(ended);
  });

  it("names the end, the refusing statement, what is kept, and what to do next either way", () => {
    expect(renewal(push("court_feed"))).toContain("change expires on line 7 of push_datasets/court_feed.yaml");
    expect(accessEnded(push("court_feed"), config.settings, new Date("2027-01-02T09:00:00Z"))).toEqual([
      "Access to push dataset court_feed ended after 2026-12-31 (Europe/London; at 2027-01-01T00:00:00Z).",
      "Uploads to s3://mojap-hub-exports/court_feed/ are refused with AccessDenied (an explicit deny in the export bucket's policy, statement AgreementEnded20261231RefuseWrites), and there is no other place to send them. Files uploaded before the end and not yet delivered stay there, not moved.",
      "Nothing is deleted: files already delivered stay in s3://courts-inbound/court_feed/.",
      // The renewal sentence validate's expiry rules give too.
      `If the agreement goes on: ${renewal(push("court_feed"))}`,
      "Make that change in a pull request from the branch push_dataset/court_feed. Once it is merged and deployed, upload to s3://mojap-hub-exports/court_feed/ as before; files still waiting there are delivered within 15 minutes.",
      'If the agreement ended on purpose, there is nothing to do: the daily pull request "Data exports: agreements ending" removes push_datasets/court_feed.yaml. Files still waiting in s3://mojap-hub-exports/court_feed/ are then never delivered; ask the operators if they should be removed.',
    ]);
  });
});
