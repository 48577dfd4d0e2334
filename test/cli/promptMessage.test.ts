import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { atFlag, atPrompt } from "../../src/cli/new/promptMessage";
import { flagOf } from "../../src/cli/new/flags";
import type { DatasetKind } from "../../src/config/dataset";
import { DEFAULT_SETTINGS } from "../../src/config/settings";
import { validateDataset } from "../../src/config/validateDataset";

// Wrong answers people type at the prompts of `exports new`, one per key the prompts ask for.
const WRONG: { kind: DatasetKind; key: string; values: unknown[] }[] = [
  { kind: "push", key: "bucket", values: ["arn:aws:s3:::their-bucket", "s3://their-bucket/x/", "Their_Bucket", ""] },
  {
    kind: "push",
    key: "bucket_owner",
    values: ["9999-8888-7777", "123456789012", "arn:aws:iam::999988887777:root", "x"],
  },
  { kind: "push", key: "users", values: [["Bob"], ["alpha_user_jane.doe"], ["arn:aws:iam::111122223333:role/x"], []] },
  { kind: "push", key: "notify", values: [["Team <t@example.org>"], ["t@example.org", "T@example.org"], []] },
  { kind: "push", key: "expires", values: ["31/03/2027", "2027-02-29", "tomorrow"] },
  { kind: "push", key: "paperwork", values: [""] },
  {
    kind: "pull",
    key: "pull_arns",
    values: [
      ["none"],
      ["arn:aws:s3:::b"],
      [" arn:aws:iam::111122223333:role/r "],
      ["arn:aws:sts::111122223333:assumed-role/r/s"],
    ],
  },
];
const BASE: Record<DatasetKind, Record<string, unknown>> = {
  push: { name: "feed", bucket: "feed-inbound", users: ["alpha_user_ana"] },
  pull: { name: "feed", pull_arns: ["arn:aws:iam::111122223333:role/r"], users: ["alpha_user_ana"] },
};

const CASES = WRONG.flatMap(({ kind, key, values }) => values.map((value) => ({ kind, key, value })));

/** The errors a file holding `value` for `key` gets, and the file's path, which no message may name. */
function issuesOf(kind: DatasetKind, key: string, value: unknown) {
  const file = `${kind}_datasets/feed.yaml`;
  const issues = validateDataset(kind, file, stringify({ ...BASE[kind], [key]: value }), DEFAULT_SETTINGS).errors;
  expect(issues.length).toBeGreaterThan(0);
  return { file, issues };
}

/** Holds a fix said outside a file: no line of YAML, no file, one line. */
function expectNoYaml(said: string, key: string, file: string) {
  expect(said).not.toMatch(new RegExp(`\\b${key}: (?!found)`));
  expect(said).not.toContain(file);
  expect(said).not.toContain("\n");
}

describe("a rule's message at a prompt of exports new", () => {
  it.each(CASES)("names the answer to type for $key: $value", ({ kind, key, value }) => {
    const { file, issues } = issuesOf(kind, key, value);
    for (const issue of issues) {
      const said = atPrompt(issue, key);
      expect(said).not.toMatch(/\bWrite\b/);
      expectNoYaml(said, key, file);
    }
  });
});

describe("a rule's message about a flag of exports new", () => {
  it.each(CASES)("names the flag to pass for $key: $value", ({ kind, key, value }) => {
    const { file, issues } = issuesOf(kind, key, value);
    const at = `exports new ${flagOf(key)}: `;
    for (const issue of issues) {
      expect(atFlag(issue, key).startsWith(at)).toBe(true);
      const said = atFlag(issue, key).slice(at.length);
      expect(said).not.toMatch(/\b(Write|Type)\b/);
      expectNoYaml(said, key, file);
    }
  });
});
