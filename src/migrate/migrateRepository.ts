import type { DatasetKind } from "../config/dataset";
import { compareIssues, compareText, type Issue } from "../config/issue";
import { message, quote } from "../config/message";
import { migrateFile, type FileMigration } from "./migrateFile";

/** A dataset file as read from disk, or what kept it from being read. */
export type MigrationInput = { kind: DatasetKind; path: string; text: string } | { issue: Issue };

/** Either every file's migration, or every reason to change nothing at all. */
export type RepositoryMigration = { migrations: FileMigration[] } | { refusals: Issue[] };

const issueAt = (file: string, what: string, found: string, fix: string): Issue => ({
  file,
  line: 1,
  column: 1,
  rule: "migrate",
  severity: "error",
  message: message(what, found, fix),
});

/**
 * Migrates every dataset file of a repository, or refuses as a whole: a file that cannot be read
 * or rewritten, or two files that would take one name, stop everything, so a repository is never
 * left half migrated. Pure: `existing` lists every path now in the dataset folders.
 */
export function migrateRepository(inputs: readonly MigrationInput[], existing: readonly string[]): RepositoryMigration {
  const refusals: Issue[] = [];
  const migrations: FileMigration[] = [];
  for (const input of inputs) {
    if ("issue" in input) {
      refusals.push(input.issue);
      continue;
    }
    const result = migrateFile(input.kind, input.path, input.text);
    if ("refusal" in result) refusals.push(...result.refusal);
    else migrations.push(result.migration);
  }

  const byTarget = new Map<string, FileMigration[]>();
  for (const m of migrations) byTarget.set(m.newPath, [...(byTarget.get(m.newPath) ?? []), m]);
  for (const [target, sharing] of byTarget) {
    const renamed = sharing.filter((m) => m.newPath !== m.path);
    if (sharing.length > 1) {
      for (const m of renamed)
        refusals.push(
          issueAt(
            m.path,
            `this file and ${sharing.length - 1} other(s) would all become ${target}`,
            quote(sharing.map((s) => s.path).join(", ")),
            "Each dataset needs its own name: give one of them another name by hand (its bucket or prefix then changes), or remove the copy.",
          ),
        );
    } else if (renamed.length === 1 && existing.includes(target)) {
      refusals.push(
        issueAt(
          renamed[0]?.path ?? target,
          `this file would be renamed to ${target}, which already exists`,
          quote(target),
          "Rename or remove the other file by hand first.",
        ),
      );
    }
  }
  if (refusals.length > 0) return { refusals: refusals.sort(compareIssues) };
  return { migrations: migrations.sort((a, b) => compareText(a.path, b.path)) };
}
