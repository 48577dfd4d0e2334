import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/loadConfig";
import { instructions } from "../../src/local/instructions";
import { localSpec } from "../../src/local/localSpec";
import { LOCAL_ADMIN } from "../../src/local/platform";
import { buildPlan, type Plan } from "../../src/plan/plan";
import { FIXTURES } from "../support";

const HOST = "127.0.0.1:7484";
const printout = (plan: Plan) => instructions(plan, localSpec(plan, HOST), "http://127.0.0.1:7480", LOCAL_ADMIN);
const tokenRequests = (text: string) => text.split("\n").filter((l) => l.includes("/metadata/identity/oauth2/token"));

describe("the printout's Azure token requests", () => {
  it("name no tenant where each object id has one, and the tenant where an object id is named in two", async () => {
    const config = (await loadConfig(join(FIXTURES, "repos/local"))).value;
    const plan = buildPlan(config).value;
    expect(tokenRequests(printout(plan))).toHaveLength(2);
    for (const line of tokenRequests(printout(plan))) expect(line).not.toContain("tenant=");

    // inbox's workload given shared_data's object id: one object id, two tenants.
    const [first, second] = plan.pull.flatMap((p) => p.dataset.azureWorkloads);
    if (!first || !second) throw new Error("the local fixture names two Azure workloads");
    const shared = {
      ...plan,
      pull: plan.pull.map((p) => ({
        ...p,
        dataset: {
          ...p.dataset,
          azureWorkloads: p.dataset.azureWorkloads.map((w) => (w === second ? { ...w, objectId: first.objectId } : w)),
        },
      })),
    };
    const lines = tokenRequests(printout(shared));
    expect(lines).toHaveLength(2);
    for (const tenant of [first.tenant, second.tenant])
      expect(lines.filter((l) => l.includes(`tenant=${tenant}`))).toHaveLength(1);
  });
});

describe("the printout of a push dataset with a data contract", () => {
  it("uploads a file that keeps the contract and one with an extra column, under the entry's prefix", async () => {
    const config = (await loadConfig(join(FIXTURES, "../.."))).value;
    const plan = buildPlan(config).value;
    const text = printout(plan);
    const dataset = plan.push.find((p) => p.dataset.files)?.dataset;
    const entry = dataset?.files?.[0];
    if (!dataset || !entry?.columns) throw new Error("the example datasets hold one push dataset with a contract");
    expect(text).toContain(
      `Push dataset ${dataset.name} has a data contract (files:): only csv or parquet files under ${entry.prefix} with exactly the columns ${entry.columns.join(", ")} leave.`,
    );
    const uploads = text.split("\n").filter((l) => l.includes(`s3://mojap-hub-exports/${dataset.name}/`));
    const header = (file: string) =>
      /^ {4}echo '?([^' ]+)'? \|/.exec(uploads.find((l) => l.includes(`/${entry.prefix}${file}`)) ?? "")?.[1] ?? "";
    expect(header("conforming.csv").split(",").sort()).toEqual([...entry.columns].sort());
    expect(header("extra-column.csv").split(",")).toEqual([...entry.columns, "full_name"]);
    expect(text).toContain("A file with one more column (full_name) is held in the export bucket, not sent");
    // Its uploads replace the usual one, which the contract would hold.
    expect(text).not.toContain(`${dataset.name}/from-`);
  });
});

describe("the printout of datasets whose access has ended", () => {
  it("says each ended dataset's access ended, and prints no command for it, which would be refused or broken", async () => {
    const config = (await loadConfig(join(FIXTURES, "../.."))).value;
    const ended = (name: string) => [...config.push, ...config.pull].some((d) => d.name === name);
    if (!ended("court_listings_weekly") || !ended("legal_aid_costs")) throw new Error("the example datasets changed");
    const withEnd = {
      ...config,
      push: config.push.map((d) => (d.name === "court_listings_weekly" ? { ...d, expires: "2026-12-06" } : d)),
      pull: config.pull.map((d) => (d.name === "legal_aid_costs" ? { ...d, expires: "2026-12-06" } : d)),
    };
    const plan = buildPlan(withEnd, new Date("2026-12-07T20:00:00Z")).value;
    const text = printout(plan);
    for (const [kind, name] of [
      ["Push", "court_listings_weekly"],
      ["Pull", "legal_aid_costs"],
    ])
      expect(text).toContain(
        `${kind} dataset ${name}: access ended after 2026-12-06 (its expires:, Europe/London), so it is provisioned without grants: nothing to try.`,
      );
    const blocks = text.split("\n").filter((l) => l.startsWith("    "));
    expect(blocks.filter((l) => l.includes("mojap-legal-aid-costs") || l.includes("court_listings_weekly/"))).toEqual(
      [],
    );
    // No command names a role that was not made.
    expect(text).not.toContain("--role-arn ''");
  });
});
