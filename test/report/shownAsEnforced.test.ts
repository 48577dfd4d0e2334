import MarkdownIt from "markdown-it";
import { describe, expect, it } from "vitest";
import { buildPlan } from "../../src/plan/plan";
import { compareAccess } from "../../src/report/changes";
import { datasetAccess } from "../../src/report/datasetAccess";
import { formatPlan } from "../../src/report/formatPlan";
import { configOf } from "../synth";

// What the plan shows is what is enforced: a Google service account by its unique id (the trust
// policy's `sub`), its e-mail only as the file gives it; and a file without paperwork says so.
const ID = "104729384756102938475";
const EMAIL = "reader@analytics-prod.iam.gserviceaccount.com";
const pull = [
  "name: shared_data",
  "users:",
  "  - alpha_user_ana",
  "google_service_accounts:",
  `  - id: "${ID}"`,
  `    email: ${EMAIL}`,
  "",
].join("\n");
const push = "name: court_feed\nbucket: courts-inbound\nusers:\n  - alpha_user_ana\npaperwork: DPIA 5468\n";
const plan = buildPlan(
  configOf([
    { kind: "pull", path: "pull_datasets/shared_data.yaml", text: pull },
    { kind: "push", path: "push_datasets/court_feed.yaml", text: push },
  ]),
).value;
const report = { changes: compareAccess(datasetAccess(plan), undefined) };
const text = formatPlan(report, "text");
const markdown = new MarkdownIt("commonmark").render(formatPlan(report, "markdown"));
const json = JSON.parse(formatPlan(report, "json")) as {
  datasets: { name: string; paperwork: string[]; googleServiceAccounts?: unknown[] }[];
};
const enforced = `Google service account with unique id ${ID} (e-mail given as ${EMAIL}, not verified) may list and read`;

describe("the plan shows a Google service account by the identity that is enforced", () => {
  it.each([
    ["text", text],
    ["Markdown", markdown],
  ])("in %s: the unique id first, the e-mail as given, not verified", (_, shown) => {
    expect(shown).toContain(enforced);
    expect(shown).not.toContain(`Google service account ${EMAIL}`);
  });

  it("in JSON: the id, and the e-mail marked as not verified", () => {
    const shared = json.datasets.find((d) => d.name === "shared_data");
    expect(shared?.googleServiceAccounts).toEqual([{ id: ID, email: EMAIL, emailVerified: false }]);
  });
});

describe("the plan shows paperwork, and its absence, in every format", () => {
  it("in text", () => {
    expect(text).toContain("pull dataset shared_data (pull_datasets/shared_data.yaml)\n  paperwork: none given\n");
    expect(text).toContain("push dataset court_feed (push_datasets/court_feed.yaml)\n  paperwork: DPIA 5468\n");
  });

  it("in Markdown", () => {
    expect(markdown).toContain("paperwork: <em>none given</em>");
    expect(markdown).toContain("paperwork: DPIA 5468");
  });

  it("in JSON, as a list that is empty when none is given", () => {
    expect(json.datasets.map((d) => [d.name, d.paperwork])).toEqual([
      ["shared_data", []],
      ["court_feed", ["DPIA 5468"]],
    ]);
  });
});
