import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import type { DatasetKind } from "../../src/config/dataset";
import { DATASET_RULES } from "../../src/config/datasetRules";
import { DATASET_KEYS } from "../../src/config/schema";
import { DEFAULT_SETTINGS, SETTINGS_FILE } from "../../src/config/settings";
import { SourceFile } from "../../src/config/sourceFile";
import { validateSettings } from "../../src/config/validateSettings";
import { validateConfig } from "../../src/config/validateConfig";
import { validateDataset } from "../../src/config/validateDataset";

const KNOWN_RULES = new Set([
  ...DATASET_RULES.map((r) => r.id),
  "yaml-syntax",
  "list-indentation",
  "yaml-merge-key",
  "duplicate-key",
  "yaml-alias",
  "single-mapping",
  "file-readable",
  "invisible-character",
]);
const kind = fc.constantFrom<DatasetKind>("push", "pull");

/** The loader's contract on any input: no exception, every issue located inside the file and phrased. */
function checkContract(k: DatasetKind, text: string, stem = "fuzz") {
  const result = validateDataset(k, `${k}_datasets/${stem}.yaml`, text, DEFAULT_SETTINGS);
  // YAML ends a line at LF, CRLF or a lone CR.
  const lines = text.split(/\r\n|\r|\n/).length;
  for (const issue of [...result.errors, ...result.warnings]) {
    expect(KNOWN_RULES, issue.rule).toContain(issue.rule);
    expect(issue.line).toBeGreaterThanOrEqual(1);
    expect(issue.line).toBeLessThanOrEqual(lines);
    expect(issue.column).toBeGreaterThanOrEqual(1);
    expect(issue.message).toMatch(/: found .+\. \S/s);
  }
  expect(result.value === undefined).toBe(result.errors.length > 0);
  return result;
}

const yamlish = fc.stringMatching(/^[-:?[\]{}#&*!|>'"%@`,\n a-z0-9_.]*$/, { maxLength: 200 });
const scalar = fc.oneof(
  fc.string(),
  fc.boolean(),
  fc.integer(),
  fc.double(),
  fc.constant(null),
  fc.constantFrom("alpha_user_x", "arn:aws:iam::111122223333:role/r", "True", "yes", "fuzz"),
);
const value = fc.oneof(scalar, fc.array(scalar, { maxLength: 3 }), fc.dictionary(fc.string(), scalar, { maxKeys: 2 }));
const allKeys = [...new Set([...DATASET_KEYS.push, ...DATASET_KEYS.pull])];
const document = fc.dictionary(fc.oneof(fc.constantFrom(...allKeys), fc.string()), value, { maxKeys: 8 });

describe("the loader, on hostile or arbitrary input", () => {
  it("never throws on arbitrary text and locates every issue", () => {
    fc.assert(
      fc.property(
        kind,
        fc.oneof(fc.string({ unit: "binary", maxLength: 300 }), yamlish),
        (k, text) => void checkContract(k, text),
      ),
      { numRuns: 1500 },
    );
  });

  it("never throws on arbitrary YAML documents built from the real keys", () => {
    fc.assert(
      fc.property(kind, document, (k, doc) => void checkContract(k, stringify(doc))),
      { numRuns: 1500 },
    );
  });

  it("never throws on a valid file with random edits", () => {
    const valid =
      "name: fuzz\nbucket: receiving-bucket\npull_arns:\n  - arn:aws:iam::111122223333:role/r\nusers:\n  - alpha_user_ana\nkeep_files: true\n";
    const edit = fc.tuple(fc.nat(valid.length), fc.nat(4), fc.stringMatching(/^[-:[\]{}#&*!|>'" \n\t]{0,3}$/));
    const edited = fc
      .array(edit, { minLength: 1, maxLength: 4 })
      .map((edits) =>
        edits.reduce((text, [at, cut, insert]) => text.slice(0, at) + insert + text.slice(at + cut), valid),
      );
    fc.assert(
      fc.property(kind, edited, (k, text) => void checkContract(k, text)),
      { numRuns: 1500 },
    );
  });

  it("never throws on a set of arbitrary files, and reports each issue in one of them", () => {
    const files = fc.array(
      fc.record({
        kind,
        name: fc.constantFrom("a", "b", "new_project", "new-project"),
        text: fc.oneof(
          yamlish,
          document.map((d) => stringify(d)),
        ),
      }),
      { maxLength: 6 },
    );
    fc.assert(
      fc.property(files, (list) => {
        const texts = list.map((f, i) => ({
          kind: f.kind,
          path: `${f.kind}_datasets/${f.name}${i}.yaml`,
          text: f.text,
        }));
        const result = validateConfig(DEFAULT_SETTINGS, texts);
        for (const issue of result.errors) expect(texts.map((t) => t.path)).toContain(issue.file);
      }),
      { numRuns: 300 },
    );
  });
});

describe("the settings file, on hostile or arbitrary input", () => {
  const settingsValue = fc.oneof(
    scalar,
    fc.array(scalar, { maxLength: 3 }),
    fc.constantFrom(
      "^(a+)+$",
      "^(a)\\1$",
      "^(?=x).*$",
      "^[$",
      "cn-north-1",
      "eu-west-2",
      "mojap-x",
      "^.{0,1000}{0,1000}$",
    ),
  );
  const keys = fc.constantFrom(
    "export_bucket",
    "pull_bucket_prefix",
    "user_name_pattern",
    "account_id",
    "region",
    "reserved_buckets",
    "bogus",
  );

  it("never throws, and locates every issue in the settings file", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          yamlish,
          fc.dictionary(keys, settingsValue, { maxKeys: 6 }).map((d) => stringify(d)),
        ),
        (text) => {
          const result = validateSettings(new SourceFile(SETTINGS_FILE, text));
          const lines = text.split(/\r\n|\r|\n/).length;
          for (const issue of [...result.errors, ...result.warnings]) {
            expect(issue.file).toBe(SETTINGS_FILE);
            expect(issue.line).toBeGreaterThanOrEqual(1);
            expect(issue.line).toBeLessThanOrEqual(lines);
            expect(issue.message).toMatch(/: found .+\. \S/s);
          }
          // Settings with errors still give usable values: the defaults where a key is wrong.
          expect(typeof result.value.userNamePattern.test("alpha_user_a")).toBe("boolean");
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe("valid datasets", () => {
  const name = fc.stringMatching(/^[a-z][a-z0-9_]{0,30}$/);
  const pullName = fc.stringMatching(/^[a-z]([a-z0-9_-]{0,30}[a-z0-9])?$/);
  // Capitals included: the platform created names such as alpha_user_SullivanJ123.
  const user = fc.stringMatching(/^alpha_user_[A-Za-z0-9][A-Za-z0-9_-]{0,20}$/);
  const arn = fc
    .tuple(fc.stringMatching(/^\d{12}$/), fc.stringMatching(/^[\w+=,.@-]{1,40}$/))
    .map(([a, r]) => `arn:aws:iam::${a}:role/${r}`);
  const bucket = fc
    .stringMatching(/^[a-z0-9][a-z0-9-]{1,40}[a-z0-9]$/)
    .filter((b) => b !== DEFAULT_SETTINGS.exportBucket && !b.startsWith("xn--") && !b.startsWith("sthree-"));
  const users = fc.uniqueArray(user, { minLength: 1, maxLength: 5 });

  it("round-trip: every generated push file validates to exactly what it says", () => {
    fc.assert(
      fc.property(name, bucket, users, fc.boolean(), (n, b, u, keep) => {
        const result = checkContract("push", stringify({ name: n, bucket: b, users: u, keep_files: keep }), n);
        expect(result.errors).toEqual([]);
        expect(result.value).toEqual({
          kind: "push",
          name: n,
          bucket: b,
          users: u,
          keepFiles: keep,
          file: `push_datasets/${n}.yaml`,
          source: expect.any(Object),
        });
      }),
      { numRuns: 300 },
    );
  });

  it("round-trip: every generated pull file validates to exactly what it says", () => {
    fc.assert(
      fc.property(
        pullName,
        fc.uniqueArray(arn, { minLength: 1, maxLength: 3 }),
        users,
        fc.boolean(),
        fc.boolean(),
        (n, arns, u, push, versioned) => {
          const result = checkContract(
            "pull",
            stringify({ name: n, pull_arns: arns, users: u, allow_push: push, bucket_versioning: versioned }),
            n,
          );
          expect(result.errors).toEqual([]);
          expect(result.value).toMatchObject({
            name: n,
            bucket: `mojap-${n.replaceAll("_", "-")}`,
            pullArns: arns,
            users: u,
            allowPush: push,
            bucketVersioning: versioned,
          });
        },
      ),
      { numRuns: 300 },
    );
  });
});
