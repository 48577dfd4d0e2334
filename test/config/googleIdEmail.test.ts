import { describe, expect, it } from "vitest";
import { DEFAULT_SETTINGS } from "../../src/config/settings";
import type { DatasetText } from "../../src/config/dataset";
import { validateConfig } from "../../src/config/validateConfig";

const ID = "104729384756102938475";
const account = (email: string, id = ID) => `  - id: "${id}"\n    email: ${email}\n`;
const pull = (name: string, ...accounts: string[]): DatasetText => ({
  kind: "pull",
  path: `pull_datasets/${name}.yaml`,
  text: `name: ${name}\nusers: [alpha_user_ana]\ngoogle_service_accounts:\n${accounts.join("")}`,
});
const READER = "reader@analytics-prod.iam.gserviceaccount.com";
const OTHER = "someone-else@analytics-prod.iam.gserviceaccount.com";

describe("google-id-email: one unique id, one e-mail", () => {
  it.each([
    {
      name: "two datasets give one id two e-mails: a warning at the later e-mail, both datasets kept",
      texts: [pull("a_data", account(READER)), pull("b_data", account(OTHER))],
      expected: [{ file: "pull_datasets/b_data.yaml", line: 5, column: 12, severity: "warning" }],
      kept: ["a_data", "b_data"],
      says: `pull_datasets/a_data.yaml gives the service account with unique id ${ID} the e-mail "${READER}"`,
    },
    {
      name: "one file lists one id twice with two e-mails: an error at the second entry, the dataset left out",
      texts: [pull("a_data", account(READER), account(OTHER))],
      expected: [{ file: "pull_datasets/a_data.yaml", line: 6, column: 5, severity: "error" }],
      kept: [],
      says: "trust policy cannot hold two statements for one id",
    },
    {
      name: "one file lists one id twice with one e-mail: the same error",
      texts: [pull("a_data", account(READER), account(READER))],
      expected: [{ file: "pull_datasets/a_data.yaml", line: 6, column: 5, severity: "error" }],
      kept: [],
      says: "Keep one entry",
    },
    {
      name: "two datasets give one id the same e-mail: nothing",
      texts: [pull("a_data", account(READER)), pull("b_data", account(READER))],
      expected: [],
      kept: ["a_data", "b_data"],
      says: "",
    },
  ])("$name", ({ texts, expected, kept, says }) => {
    const result = validateConfig(DEFAULT_SETTINGS, texts);
    const issues = [...result.errors, ...result.warnings].filter((i) => i.rule === "google-id-email");
    expect(issues).toEqual(expected.map((e) => expect.objectContaining(e)));
    for (const issue of issues) expect(issue.message).toContain(says);
    for (const issue of issues) expect(issue.message).toMatch(/: found .+\. \S/s);
    expect(result.value.pull.map((d) => d.name)).toEqual(kept);
  });
});
