import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { Config } from "../../src/config/config";
import { loadConfig } from "../../src/config/loadConfig";
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

  it("names the end, the refusing statement, what is kept and the line to change", () => {
    expect(accessEnded(push("court_feed"), config.settings, new Date("2027-01-02T09:00:00Z"))).toEqual([
      "Access to push dataset court_feed ended after 2026-12-31 (Europe/London; at 2027-01-01T00:00:00Z).",
      "Uploads under s3://mojap-hub-exports/court_feed/ are refused with AccessDenied (an explicit deny in the export bucket's policy, statement AgreementEnded20261231RefuseWrites), and files still there are no longer moved.",
      "Nothing is deleted: files already delivered stay in s3://courts-inbound/court_feed/.",
      'To keep access, renew the paperwork "https://example.org/dsa/court-feed", then change expires on line 7 of push_datasets/court_feed.yaml to the new last day.',
    ]);
  });
});
