import { lstat, mkdir, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import type { Config } from "../../config/config";
import { DATASET_FOLDERS, type DatasetKind, type DatasetText } from "../../config/dataset";
import type { Issue, Validated } from "../../config/issue";
import { hasDatasetFolders, loadConfig } from "../../config/loadConfig";
import { SETTINGS_FILE } from "../../config/settings";
import { validateDataset } from "../../config/validateDataset";
import { buildPlan } from "../../plan/plan";
import type { Output } from "../output";
import { Interrupted, answerTaker, keptAnswers, type Ask } from "./answers";
import { askAnswers } from "./askAnswers";
import { datasetText, problemsWith } from "./datasetFile";

export { askWith } from "./answers";

export interface NewOptions {
  root: string;
  bucket?: string;
  /** push: the account that owns the target bucket. */
  bucketOwner?: string;
  user?: string[];
  pullArn?: string[];
  /** Each `<unique id>:<e-mail>`. */
  googleServiceAccount?: string[];
  /** Each `<tenant>/<object id>/<audience>`. */
  azureWorkload?: string[];
  keepFiles?: boolean;
  allowPush?: boolean;
  versioning?: boolean;
  paperwork?: string;
  expires?: string;
  /** The moment `expires` is judged at: it must not have passed. */
  now: Date;
  notify?: string[];
  notifyDeliveries?: boolean;
  /** push: a data contract's formats, columns and largest file (one `files:` entry). */
  fileFormat?: string[];
  column?: string[];
  maxSize?: string;
}

/**
 * Makes sure `folder` is a real folder of the repository, creating it when the repository has the
 * other dataset folder. Returns why not otherwise: no dataset folder at all means this is not the
 * repository root, and a link is never written through.
 */
async function datasetFolder(root: string, folder: string): Promise<string | undefined> {
  const info = await lstat(join(root, folder)).catch(() => undefined);
  if (info?.isDirectory()) return undefined;
  if (info) return `${folder} is not a folder of this repository (a link or a file); replace it with a folder.`;
  if (!(await hasDatasetFolders(root)))
    return `${root} has no push_datasets/ or pull_datasets/ folder; run it at the repository root or pass --root <dir>.`;
  await mkdir(join(root, folder));
  return undefined;
}

/**
 * What the repository's rules across files (a name or bucket taken, a user spelt in another case,
 * a pull bucket as the target) and the deployment's limits (a user's policy, a tenant's audiences)
 * find once the new file is among the others: the errors that were not there before. The files already there are the base, so a taken name is told on the new one.
 */
async function repositoryProblems(
  root: string,
  adding: DatasetText,
  before: Validated<Config>,
  now: Date,
): Promise<Issue[]> {
  const base = new Map([...before.value.push, ...before.value.pull].map((d) => [d.file, d.name]));
  // As validate judges them: each file, the files together, then the deployment's limits.
  const errorsOf = (loaded: Validated<Config>) => [...loaded.errors, ...buildPlan(loaded.value, now).errors];
  const key = (i: Issue) => `${i.file}:${i.line}:${i.column}:${i.rule}:${i.message}`;
  const known = new Set(errorsOf(before).map(key));
  return errorsOf(await loadConfig(root, { adding, base })).filter((i) => !known.has(key(i)));
}

/** An issue as `exports new` says it: on the file it has not written, with a taken name's fix as the command to run. */
function sayNew(issue: Issue, kind: DatasetKind, path: string): string {
  if (issue.file !== path) return `${issue.file}:${issue.line}:${issue.column}: ${issue.message}`;
  return issue.message
    .replace(/,? e\.g\. name: "?([^\s"]+?)"?\.$/, `. Run npx exports new ${kind} $1.`)
    .replaceAll(path, "the new file");
}

/**
 * `exports new push|pull <name>`: writes a dataset file from flags, asking for what is missing
 * and refusing each bad answer with the rule's own message. Exit 0 when the file is written,
 * 1 when an answer given as a flag is wrong, 2 for usage errors (an existing file, no answers),
 * 130 when stopped by Ctrl-C (nothing written, the answers shown).
 */
export async function newCommand(
  kind: DatasetKind,
  name: string,
  options: NewOptions,
  ask: Ask,
  out: Output,
): Promise<number> {
  const root = resolve(options.root);
  const folder = DATASET_FOLDERS[kind];
  const path = `${folder}/${name}.yaml`;
  const loaded = await loadConfig(root);
  const { value: config, errors } = loaded;
  const settingsErrors = errors.filter((e) => e.file === SETTINGS_FILE);
  if (settingsErrors.length > 0) {
    for (const e of settingsErrors) out.stderr(`${e.file}:${e.line}:${e.column}: ${e.message} [${e.rule}]\n`);
    out.stderr(`exports new: fix ${SETTINGS_FILE} first; no dataset can be checked against it.\n`);
    return 1;
  }
  const settings = config.settings;
  // The name becomes a path: it is checked before anything touches the disk.
  const nameProblems = problemsWith(kind, name, { name }, "name", settings);
  if (nameProblems.length > 0) {
    // The name is the command's argument: its fix is the command to run, not a line of YAML.
    for (const p of nameProblems)
      out.stderr(
        `${p.message.replace(/Write name: "?([^\s"]+?)"?\.$/, `Run npx exports new ${kind} $1.`)} [${p.rule}]\n`,
      );
    return 1;
  }
  const place = await datasetFolder(root, folder);
  if (place) {
    out.stderr(`exports new: ${place}\n`);
    return 2;
  }
  const existing = await lstat(join(root, path)).catch(() => undefined);
  if (existing) {
    const what = existing.isSymbolicLink() ? "is a symbolic link, which is never written through" : "already exists";
    out.stderr(`exports new: ${path} ${what}; edit or remove it instead.\n`);
    return 2;
  }
  const taker = answerTaker({ kind, name, settings, now: options.now, ask, out });
  const answered = await askAnswers(kind, options, taker, out).catch((error: unknown) => {
    if (error instanceof Interrupted) return "interrupted" as const;
    throw error;
  });
  if (answered !== true) {
    const kept = Object.keys(taker.answers).length > 1;
    if (answered === "interrupted")
      out.stderr(`\nexports new: stopped by Ctrl-C.${kept ? "" : " Nothing was written."}\n`);
    if (kept) out.stderr(keptAnswers(kind, path, taker.answers));
    // 128 + SIGINT's number, as a shell reports a command stopped by Ctrl-C.
    return answered === "interrupted" ? 130 : 1;
  }
  const text = datasetText(kind, taker.answers);
  const check = validateDataset(kind, path, text, settings);
  if (check.errors.length > 0) {
    // Each answer passed on its own; what fails here spans several, and the file does not exist.
    for (const e of check.errors) out.stderr(`${e.message.replaceAll(path, "the new file")} [${e.rule}]\n`);
    out.stderr(keptAnswers(kind, path, taker.answers));
    return 1;
  }
  const besides = await repositoryProblems(root, { kind, path, text }, loaded, options.now);
  if (besides.length > 0) {
    // The new file passes alone, and the repository did without it: what fails is the two together.
    for (const e of besides) out.stderr(`${sayNew(e, kind, path)} [${e.rule}]\n`);
    out.stderr(keptAnswers(kind, path, taker.answers));
    return 1;
  }
  // "wx" creates the file or fails: it never follows a link planted where the file would go.
  const written = await writeFile(join(root, path), text, { flag: "wx" }).then(
    () => true,
    () => false,
  );
  if (!written) {
    out.stderr(`exports new: ${path} appeared or is a link while this ran; nothing was written.\n`);
    out.stderr(keptAnswers(kind, path, taker.answers));
    return 2;
  }
  out.stdout(
    `Wrote ${path}. Next: npx exports plan, then open a pull request from the branch ${kind}_dataset/${name}.\n`,
  );
  return 0;
}
