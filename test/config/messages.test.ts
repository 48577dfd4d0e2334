import { describe, expect, it } from "vitest";
import type { DatasetKind } from "../../src/config/dataset";
import { DEFAULT_SETTINGS } from "../../src/config/settings";
import { validateDataset } from "../../src/config/validateDataset";

const PUSH = "bucket: receiving-bucket\nusers: [alpha_user_ana]\n";

// Each message says what is wrong and the fix in the reader's terms, never the parser's or a pattern.
const CASES: { name: string; kind?: DatasetKind; text: string; rule: string; says: string; never?: RegExp }[] = [
  {
    name: "a list item indented under the one before",
    text: "name: x\nbucket: receiving-bucket\nusers:\n  - alpha_user_ana\n    - alpha_user_bob\n",
    rule: "list-indentation",
    says: 'Start every item at the same column, each on its own line: "- alpha_user_ana", "- alpha_user_bob".',
    never: /IAM refuses/,
  },
  {
    name: "a list on its key's line",
    text: "name: x\nbucket: receiving-bucket\nusers: - alpha_user_ana\n",
    rule: "list-indentation",
    says: 'a list starts on the same line as its key, where YAML does not read a list: found "users: - alpha_user_ana"',
    never: /Unexpected block-seq-ind/,
  },
  {
    name: "a user name with a dot",
    text: "name: x\nbucket: receiving-bucket\nusers: [alpha_user_jane.doe]\n",
    rule: "user-name",
    says: "'.' is in no platform user name; the platform most likely shows it as alpha_user_jane-doe. Write alpha_user_jane-doe.",
    never: /\^alpha_user_/,
  },
  {
    name: "a role ARN given as a user",
    text: "name: x\nbucket: receiving-bucket\nusers: [arn:aws:iam::111122223333:role/alpha_user_bob]\n",
    rule: "user-role-name",
    says: 'users lists platform user names, not ARNs: found "arn:aws:iam::111122223333:role/alpha_user_bob". Give only the name at the end. Write alpha_user_bob.',
    never: /holds ':'/,
  },
  {
    name: "a YAML 1.1 merge key",
    text: "%YAML 1.1\n---\nname: x\n<<: {bucket: receiving-bucket}\nusers: [alpha_user_ana]\n",
    rule: "yaml-merge-key",
    says: 'a YAML merge key (<<) is used, which copies keys from another mapping: found "<<".',
    never: /Symbol/,
  },
  {
    name: "a name with a Cyrillic look-alike letter",
    text: `name: d\u0430ta\n${PUSH}`,
    rule: "name-format",
    says: "the 2nd character is '\u0430' (U+0430 CYRILLIC SMALL LETTER A), which looks like 'a': found \"d\u0430ta\". Write name: data.",
    never: /d_ta/,
  },
  {
    name: "a key with a Cyrillic look-alike letter",
    text: `n\u0430me: x\n${PUSH}`,
    rule: "unknown-key",
    says: "is not a key of push datasets: the 2nd character is '\u0430' (U+0430 CYRILLIC SMALL LETTER A), which looks like 'a': found \"n\u0430me\". Write the key in plain letters: name.",
  },
  {
    name: "a user with a Cyrillic look-alike letter",
    text: "name: x\nbucket: receiving-bucket\nusers: [alpha_user_\u0430na]\n",
    rule: "user-role-name",
    says: "(U+0430 CYRILLIC SMALL LETTER A, which looks like 'a'); IAM allows only ASCII letters, digits and + = , . @ _ -: found \"alpha_user_\u0430na\". Write alpha_user_ana.",
  },
  {
    name: "a bucket with a Cyrillic look-alike letter",
    text: "name: x\nbucket: r\u0435ceiving-bucket\nusers: [alpha_user_ana]\n",
    rule: "bucket-name",
    says: "the 2nd character is '\u0435' (U+0435 CYRILLIC SMALL LETTER IE), which looks like 'e': found \"r\u0435ceiving-bucket\". Write bucket: receiving-bucket.",
  },
  {
    name: "a pull ARN with a Greek look-alike letter",
    kind: "pull",
    text: "name: x\npull_arns: [arn:aws:iam::111122223333:role/rea\u03bder]\nusers: [alpha_user_ana]\n",
    rule: "pull-arn",
    says: "(U+03BD GREEK SMALL LETTER NU), which looks like 'v'",
  },
  ...["null", "true", "false", "12345"].map((written) => ({
    name: `name: ${written}`,
    text: `name: ${written}\n${PUSH}`,
    rule: "name-format",
    says: `YAML reads an unquoted ${written} as`,
  })),
  {
    name: "bucket: null",
    text: "name: x\nbucket: null\nusers: [alpha_user_ana]\n",
    rule: "bucket-name",
    says: 'put it in quotes: found "null" (null, not text). Write bucket: "null".',
  },
  {
    name: "a missing users list",
    text: "name: x\nbucket: receiving-bucket\n",
    rule: "required-key",
    says: 'Add users:, then one line per user below it, e.g. "  - alpha_user_<name>".',
  },
  {
    name: "a KMS key in a region misspelt",
    text: `name: x\n${PUSH}kms_key: arn:aws:kms:eu-wst-1:999988887777:key/1234abcd-12ab-34cd-56ef-1234567890ab\n`,
    rule: "kms-key",
    says: 'the key\'s region "eu-wst-1" is not an AWS region: found "arn:aws:kms:eu-wst-1:999988887777:key/1234abcd-12ab-34cd-56ef-1234567890ab". Write kms_key: arn:aws:kms:eu-west-1:999988887777:key/1234abcd-12ab-34cd-56ef-1234567890ab, if that is the region the receiving team\'s key is in.',
  },
  {
    name: "a KMS key of another partition",
    text: `name: x\n${PUSH}kms_key: arn:aws:kms:cn-north-1:999988887777:key/1234abcd-12ab-34cd-56ef-1234567890ab\n`,
    rule: "kms-key",
    says: "the key's region cn-north-1 is in the aws-cn partition, whose keys no role of this platform's aws partition can use",
  },
];

describe("a push bucket given as an S3 address", () => {
  const file = (bucket: string) => `name: x\nbucket: "${bucket}"\nusers: [alpha_user_ana]\n`;
  // Each is copied from a console, a browser or a client's settings; the fix, written as told, passes.
  it.each([
    "https://listings-partner-inbound.s3.eu-west-1.amazonaws.com/exports/",
    "https://listings-partner-inbound.s3.amazonaws.com",
    "https://s3.eu-west-1.amazonaws.com/listings-partner-inbound/exports/a.csv",
    "https://eu-west-1.console.aws.amazon.com/s3/buckets/listings-partner-inbound?region=eu-west-1&tab=objects",
    "listings-partner-inbound.s3.eu-west-2.amazonaws.com",
    "listings-partner-inbound.s3-eu-west-2.amazonaws.com",
  ])("%s: Write bucket: listings-partner-inbound", (address) => {
    const { errors } = validateDataset("push", "push_datasets/x.yaml", file(address), DEFAULT_SETTINGS);
    expect(errors).toEqual([expect.objectContaining({ rule: "bucket-name", line: 2, column: 9 })]);
    expect(errors[0]?.message).toContain("Write bucket: listings-partner-inbound.");
    const fixed = validateDataset("push", "push_datasets/x.yaml", file("listings-partner-inbound"), DEFAULT_SETTINGS);
    expect(fixed.errors).toEqual([]);
  });

  it("keeps a dotted bucket name that is no S3 address", () => {
    const { errors } = validateDataset("push", "push_datasets/x.yaml", file("reports.example.org"), DEFAULT_SETTINGS);
    expect(errors).toEqual([]);
  });
});

describe("the pull bucket a name gives", () => {
  const pull = (name: string) =>
    `name: ${name}\npull_arns: [arn:aws:iam::111122223333:role/reader]\nusers: [alpha_user_ana]\n`;
  // Each fix, applied as written, gives a name whose bucket S3 takes.
  it.each([
    { name: "x-s3alias", fix: "x" },
    { name: "court_listings--ol-s3", fix: "court_listings" },
    { name: "feed--x-s3", fix: "feed" },
    { name: "feed_--table-s3", fix: "feed" },
    { name: "court-listings-", fix: "court-listings" },
    { name: "court_listings__", fix: "court_listings" },
    { name: "a".repeat(58), fix: "a".repeat(57) },
    { name: `${"a".repeat(56)}_b`, fix: "a".repeat(56) },
  ])("$name: the fix is name: $fix", ({ name, fix }) => {
    const { errors } = validateDataset("pull", `pull_datasets/${name}.yaml`, pull(name), DEFAULT_SETTINGS);
    expect(errors).toEqual([expect.objectContaining({ rule: "pull-bucket-name", line: 1, column: 7 })]);
    expect(errors[0]?.message).toMatch(new RegExp(`Write name: ${fix}\\.$`));
    expect(validateDataset("pull", `pull_datasets/${fix}.yaml`, pull(fix), DEFAULT_SETTINGS).errors).toEqual([]);
  });
});

describe("messages", () => {
  it.each(CASES)("$name: $rule says what to do", ({ kind = "push", text, rule, says, never }) => {
    const { errors, warnings } = validateDataset(kind, `${kind}_datasets/x.yaml`, text, DEFAULT_SETTINGS);
    const issues = [...errors, ...warnings];
    const messages = issues.filter((i) => i.rule === rule).map((i) => i.message);
    expect(messages, JSON.stringify(issues)).toEqual([expect.stringContaining(says)]);
    for (const issue of issues) {
      expect(issue.message).not.toContain("\n");
      if (never) expect(issue.message).not.toMatch(never);
    }
  });
});
