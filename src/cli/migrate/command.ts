import { lstat, readFile, readdir, rename, unlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { DATASET_FOLDERS, type DatasetKind } from "../../config/dataset";
import { message } from "../../config/message";
import { MAX_FILE_CHARS } from "../../config/parseMapping";
import type { FileMigration } from "../../migrate/migrateFile";
import { migrateRepository, type MigrationInput } from "../../migrate/migrateRepository";
import { visible, visibleLines } from "../../report/escape";
import { datasetRoot } from "../loadPlan";
import type { Output } from "../output";

const KINDS: DatasetKind[] = ["push", "pull"];

/** Reads one dataset file, refusing links, folders, huge files and text that is not UTF-8. */
async function read(root: string, kind: DatasetKind, path: string): Promise<MigrationInput> {
  const refuse = (found: string, fix: string): MigrationInput => ({
    issue: {
      file: path,
      line: 1,
      column: 1,
      rule: "migrate",
      severity: "error",
      message: message("migrate rewrites only regular UTF-8 files", found, fix),
    },
  });
  const info = await lstat(join(root, path));
  if (info.isSymbolicLink()) return refuse("a symbolic link", "Replace the link with the file itself.");
  if (!info.isFile()) return refuse("something that is not a file", "Move it out of the dataset folder.");
  if (info.size > MAX_FILE_CHARS * 4)
    return refuse(`${info.size} bytes`, "Split the file or remove what it does not need.");
  try {
    const text = new TextDecoder("utf-8", { fatal: true }).decode(await readFile(join(root, path)));
    return { kind, path, text };
  } catch {
    return refuse("text that is not UTF-8", "Save it as UTF-8 text.");
  }
}

/** Writes one migrated file: the new text under a temporary name, then moved into place; then the old name goes. */
async function write(root: string, m: FileMigration): Promise<void> {
  const target = join(root, m.newPath);
  const temporary = `${target}.exports-migrate`;
  await writeFile(temporary, m.text, { flag: "wx" });
  await rename(temporary, target);
  if (m.newPath !== m.path) await unlink(join(root, m.path));
}

/**
 * `exports migrate`: rewrites the old system's dataset files into today's form, in place. Prints
 * each change at its file and line; refuses, changing nothing, when any file stands in the way.
 */
export async function migrateCommand(options: { root: string }, out: Output): Promise<number> {
  const root = await datasetRoot("migrate", options.root, out);
  if (!root) return 2;
  const inputs: MigrationInput[] = [];
  const existing: string[] = [];
  for (const kind of KINDS) {
    const folder = DATASET_FOLDERS[kind];
    const names = (await readdir(join(root, folder)).catch(() => [])).sort();
    existing.push(...names.map((n) => `${folder}/${n}`));
    for (const name of names.filter((n) => /\.ya?ml$/.test(n)))
      inputs.push(await read(root, kind, `${folder}/${name}`));
  }
  const result = migrateRepository(inputs, existing);
  if ("refusals" in result) {
    for (const i of result.refusals)
      out.stderr(`${visible(i.file)}:${i.line}:${i.column}: error ${visibleLines(i.message)} [${i.rule}]\n`);
    out.stderr("exports migrate: nothing was changed; fix the files above, then run it again.\n");
    return 1;
  }
  const changed = result.migrations.filter((m) => m.changes.length > 0);
  for (const m of changed) {
    for (const c of m.changes) out.stdout(`${visible(m.path)}:${c.line}:${c.column}: ${visible(c.what)}\n`);
    await write(root, m);
  }
  const changes = changed.reduce((n, m) => n + m.changes.length, 0);
  out.stdout(
    changed.length === 0
      ? `Nothing to migrate: all ${result.migrations.length} dataset files are in today's form.\n`
      : `Migrated ${changed.length} of ${result.migrations.length} dataset files (${changes} changes). Run npx exports validate, then npx exports plan --base <ref> to check that nothing is granted differently.\n`,
  );
  return 0;
}
