import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { DatasetKind } from "../../src/config/dataset";
import { DEFAULT_SETTINGS } from "../../src/config/settings";
import { validateConfig } from "../../src/config/validateConfig";
import { migrateFile } from "../../src/migrate/migrateFile";
import { buildPlan } from "../../src/plan/plan";
import { datasetAccess } from "../../src/report/datasetAccess";

/** A dataset file in any mix of the old system's forms, with the file name it is saved under. */
interface LegacyFile {
  kind: DatasetKind;
  path: string;
  text: string;
}

const lower = "abcdefghijklmnopqrstuvwxyz0123456789";
const word = (chars: string, min: number, max: number) =>
  fc.array(fc.constantFrom(...chars), { minLength: min, maxLength: max }).map((c) => c.join(""));
const pushName = fc.tuple(fc.constantFrom(..."abcdefghij"), word(`${lower}_`, 0, 20)).map(([a, b]) => a + b);
const pullName = fc
  .tuple(fc.constantFrom(..."abcdefghij"), word(`${lower}_-`, 0, 20))
  .map(([a, b]) => (a + b).replace(/[-_]+$/, "") || a);
/**
 * The old forms today's validate accepts. Once it accepts the rest (issue 12 item 1: capitals in
 * user names, IAM user principals, paperwork lists, a name that differs from the file's, keys of
 * the other kind), OLD_FORMS_ACCEPTED widens every generator below to them.
 */
const OLD_FORMS_ACCEPTED = true;
const upper = OLD_FORMS_ACCEPTED ? "ABCDEFGHIJKLMNOPQRSTUVWXYZ" : "";
const user = fc.tuple(word(lower, 1, 1), word(`${lower}${upper}_-`, 0, 15)).map(([a, b]) => `alpha_user_${a}${b}`);
const account = word("0123456789", 12, 12);
const principal = fc.oneof(
  fc.tuple(account, word(`${lower}-`, 1, 20)).map(([a, r]) => `arn:aws:iam::${a}:role/r${r}`),
  fc
    .tuple(account, word(`${lower}-`, 1, 20))
    .map(
      ([a, r]) =>
        `arn:aws:iam::${a}:role/aws-reserved/sso.amazonaws.com/eu-west-2/AWSReservedSSO_${r}_0123456789abcdef`,
    ),
  ...(OLD_FORMS_ACCEPTED
    ? [fc.tuple(account, word(`${lower}-`, 1, 20)).map(([a, r]) => `arn:aws:iam::${a}:user/u${r}`)]
    : []),
);
const bucket = fc
  .tuple(word("abcdefghij", 1, 1), word(`${lower}-`, 2, 30), word(lower, 1, 1))
  .map(([a, b, c]) => a + b + c);
const comment = fc.option(fc.constantFrom(" # why", "  # who asked, and when: 2021", " #"), { nil: "" });
/** A boolean as the old system's files wrote it: plain, or a one-element list, block or flow. */
const flag = fc.tuple(
  fc.boolean(),
  fc.constantFrom("plain", "block", "flow"),
  fc.constantFrom("True", "true"),
  comment,
);
const paperwork = fc.option(
  fc.oneof(
    fc.constantFrom("DPIA reference no. 5468", "https://example.org/dpia/1"),
    ...(OLD_FORMS_ACCEPTED
      ? [fc.constant(["DPIA reference no. 5468", "Data movement form (https://example.org/forms/12)"])]
      : []),
  ),
  { nil: undefined },
);

function legacyFile(kind: DatasetKind): fc.Arbitrary<LegacyFile> {
  return fc
    .record({
      name: kind === "push" ? pushName : pullName,
      renamedFrom: OLD_FORMS_ACCEPTED ? fc.option(pushName, { nil: undefined }) : fc.constant(undefined),
      indent: fc.constantFrom("", "  "),
      listIndent: fc.constantFrom("", "  "),
      users: fc.uniqueArray(user, { minLength: 1, maxLength: 3 }),
      principals: fc.uniqueArray(principal, { minLength: 1, maxLength: 3 }),
      bucket,
      legacyBucketKey: fc.boolean(),
      flags: fc.array(fc.option(flag, { nil: undefined }), { minLength: 2, maxLength: 2 }),
      // Keys of the other kind, which the old system ignored (validate warns about them).
      ignored: fc.option(
        !OLD_FORMS_ACCEPTED
          ? fc.constant(undefined)
          : kind === "push"
            ? fc.constantFrom("allow_push: [True]", "bucket_versioning: true")
            : fc.constantFrom("bucket: mojap-something", "keep_files: true", "target_bucket: their-bucket"),
        { nil: undefined },
      ),
      itemComment: comment,
      paperwork,
    })
    .map((f) => {
      const i = f.indent;
      const list = (items: readonly string[]) => items.map((x) => `${i}${f.listIndent}- ${x}${f.itemComment}`);
      const flagLines = (
        key: string,
        value: fc.Arbitrary<unknown> extends never ? never : (typeof f.flags)[number],
      ) => {
        if (!value) return [];
        const [on, form, word, note] = value;
        const text = on ? word : word === "True" ? "False" : "false";
        if (form === "plain") return [`${i}${key}: ${on}${note}`];
        if (form === "flow") return [`${i}${key}: [${text}]${note}`];
        return [`${i}${key}:${note}`, `${i}${f.listIndent}- ${text}`];
      };
      const keys = kind === "push" ? ["keep_files"] : ["allow_push", "bucket_versioning"];
      const lines = [
        `${i}# Written for the old system.`,
        `${i}name: ${f.name}`,
        ...(kind === "push"
          ? [`${i}${f.legacyBucketKey ? "target_bucket" : "bucket"}: ${f.bucket}`]
          : [`${i}pull_arns:`, ...list(f.principals)]),
        `${i}users:`,
        ...list(f.users),
        ...keys.flatMap((k, n) => flagLines(k, f.flags[n])),
        ...(f.ignored ? [`${i}${f.ignored}`] : []),
        ...(typeof f.paperwork === "string" ? [`${i}paperwork: ${f.paperwork}`] : []),
        ...(Array.isArray(f.paperwork) ? [`${i}paperwork:`, ...list(f.paperwork)] : []),
      ];
      return { kind, path: `${kind}_datasets/${f.renamedFrom ?? f.name}.yaml`, text: lines.join("\n") + "\n" };
    });
}

/** What a dataset grants, without the file it was read from. */
function grants(file: { kind: DatasetKind; path: string; text: string }) {
  const config = validateConfig(DEFAULT_SETTINGS, [file]);
  expect(config.errors).toEqual([]);
  return datasetAccess(buildPlan(config.value).value).map((access) => ({
    ...access,
    file: "(compared without its file)",
  }));
}

describe("migrate, for any valid file in the old system's forms", () => {
  it("gives a plan that grants exactly what the file granted before, and a second run changes nothing", () => {
    fc.assert(
      fc.property(fc.oneof(legacyFile("push"), legacyFile("pull")), (file) => {
        const before = grants(file);
        const result = migrateFile(file.kind, file.path, file.text);
        if (!("migration" in result)) throw new Error(result.refusal.map((r) => r.message).join("; "));
        const { newPath, text } = result.migration;
        expect(grants({ kind: file.kind, path: newPath, text })).toEqual(before);
        const again = migrateFile(file.kind, newPath, text);
        expect("migration" in again && again.migration.changes).toEqual([]);
      }),
      { numRuns: 1000 },
    );
  });
});
