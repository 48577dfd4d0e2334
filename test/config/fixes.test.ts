import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parse, parseDocument } from "yaml";
import type { DatasetKind } from "../../src/config/dataset";
import type { Issue } from "../../src/config/issue";
import { DEFAULT_SETTINGS } from "../../src/config/settings";
import { validateDataset } from "../../src/config/validateDataset";

const BASE: Record<DatasetKind, Record<string, unknown>> = {
  push: { name: "fixed", bucket: "receiving-bucket", users: ["alpha_user_ana"], keep_files: false },
  pull: {
    name: "fixed",
    pull_arns: ["arn:aws:iam::111122223333:role/reader"],
    users: ["alpha_user_ana"],
    allow_push: false,
  },
};

/** Where a generated value goes: a key's value, or the only item of a list. */
type Slot = { key: string; item: boolean };
const SLOTS: Record<DatasetKind, Slot[]> = {
  push: [
    { key: "name", item: false },
    { key: "bucket", item: false },
    { key: "users", item: true },
    { key: "keep_files", item: false },
  ],
  pull: [
    { key: "name", item: false },
    { key: "pull_arns", item: true },
    { key: "users", item: true },
    { key: "allow_push", item: false },
  ],
};

// Values people really write wrong, beside arbitrary text and numbers.
const tricky = fc.constantFrom(
  "court listings",
  ",",
  "Court-Listings.yaml",
  "name.yml",
  " alpha_user_ana",
  "Bob",
  "alpha_user_Ana Smith",
  "arn:aws:s3:::their-bucket/key",
  "arn:aws:s3:::Their_Bucket",
  "s3://their-bucket/path",
  "arn:aws:sts::111122223333:assumed-role/reader/session",
  "arn:aws:sts::111122223333:assumed-role/re der/session",
  " arn:aws:iam::111122223333:role/reader ",
  "arn:aws-cn:iam::111122223333:role/reader",
  "yes",
  "off",
  "maybe",
  "1",
  "__x__",
  "-",
  "ß",
);
const value = fc.oneof(
  tricky,
  fc.string({ maxLength: 20 }),
  fc.string({ unit: "grapheme", maxLength: 12 }),
  fc.integer({ min: 0, max: 99999 }),
  fc.boolean(),
);

function fileWith(kind: DatasetKind, slot: Slot, v: unknown): string {
  const doc = parseDocument("{}");
  for (const [key, base] of Object.entries(BASE[kind])) doc.set(key, key === slot.key ? (slot.item ? [v] : v) : base);
  return doc.toString();
}

const issuesOf = (kind: DatasetKind, text: string) => {
  const result = validateDataset(kind, `${kind}_datasets/fixed.yaml`, text, DEFAULT_SETTINGS);
  return [...result.errors, ...result.warnings];
};

/** The value a message tells the reader to write for `slot`, when it gives one. */
function suggested(issue: Issue, slot: Slot): { value: unknown } | undefined {
  if (slot.item) {
    const item = /\. Write ("(?:[^"\\]|\\.)*"|\S+)\.$/.exec(issue.message);
    return item ? { value: parse(item[1] ?? "") } : undefined;
  }
  const pair = new RegExp(`Write ${slot.key}: ("(?:[^"\\\\]|\\\\.)*"|[^\\s"]+?)(?=[.,]?(?:\\s|$))`).exec(issue.message);
  return pair ? { value: parse(pair[1] ?? "") } : undefined;
}

describe("every suggested fix", () => {
  it("passes the rule that suggests it", () => {
    const kind = fc.constantFrom<DatasetKind>("push", "pull");
    const cases = kind.chain((k) => fc.tuple(fc.constant(k), fc.constantFrom(...SLOTS[k]), value));
    let fixesTried = 0;
    fc.assert(
      fc.property(cases, ([k, slot, v]) => {
        for (const issue of issuesOf(k, fileWith(k, slot, v))) {
          // A message is one line: the output's lines and GitHub's annotations are one per issue.
          expect(issue.message).not.toContain("\n");
          const fix = suggested(issue, slot);
          if (!fix) continue;
          fixesTried++;
          const after = issuesOf(k, fileWith(k, slot, fix.value));
          expect(
            after.filter((i) => i.rule === issue.rule),
            `${issue.message} → ${JSON.stringify(fix.value)}`,
          ).toEqual([]);
        }
      }),
      { numRuns: 3000 },
    );
    // The property must have exercised fixes, not only files without any.
    expect(fixesTried).toBeGreaterThan(100);
  });

  it("tells name: 12345 to quote it", () => {
    const issues = issuesOf("push", "name: 12345\nbucket: receiving-bucket\nusers: [alpha_user_ana]\n");
    expect(issues).toEqual([
      expect.objectContaining({
        rule: "name-format",
        line: 1,
        column: 7,
        message: expect.stringContaining('Write name: "12345".'),
      }),
    ]);
    expect(issues[0]?.message).toContain("put it in quotes");
  });

  it.each([
    ["an empty users list", "name: fixed\nbucket: receiving-bucket\nusers: []\n"],
    ["notify as one address", "name: fixed\nbucket: b-bucket\nusers: [alpha_user_ana]\nnotify: team@example.org\n"],
    ["an empty notify list", "name: fixed\nbucket: b-bucket\nusers: [alpha_user_ana]\nnotify: []\n"],
    ["notify_deliveries alone", "name: fixed\nbucket: b-bucket\nusers: [alpha_user_ana]\nnotify_deliveries: true\n"],
  ])("says the fix for %s on one line, and the notify fix is valid", (_, text) => {
    const issues = issuesOf("push", text);
    expect(issues.length).toBeGreaterThan(0);
    for (const issue of issues) expect(issue.message).not.toContain("\n");
    const fix = /Write notify: (\[[^\]]*\])/.exec(issues[0]?.message ?? "")?.[1];
    if (fix) expect(issuesOf("push", text.replace(/notify: .*/, `notify: ${fix}`))).toEqual([]);
  });

  it("never suggests an invalid name (the examples of issue 10)", () => {
    for (const bad of ["court listings", ","]) {
      for (const issue of issuesOf("push", fileWith("push", { key: "name", item: false }, bad))) {
        expect(issue.message).not.toMatch(/Write name: (court listings|,)\./);
      }
    }
  });
});
