import { lstat, mkdir, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import type { Interface } from "node:readline/promises";
import { DATASET_FOLDERS, type DatasetKind } from "../../config/dataset";
import { hasDatasetFolders, loadConfig } from "../../config/loadConfig";
import { SETTINGS_FILE } from "../../config/settings";
import { validateDataset } from "../../config/validateDataset";
import type { Output } from "../output";
import type { Issue } from "../../config/issue";
import { datasetText, expiryProblems, problemsWith, type Answers } from "./datasetFile";

export interface NewOptions {
  root: string;
  bucket?: string;
  user?: string[];
  pullArn?: string[];
  keepFiles?: boolean;
  allowPush?: boolean;
  versioning?: boolean;
  paperwork?: string;
  expires?: string;
  /** The moment `expires` is judged at: it must not have passed. */
  now: Date;
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

/** Asks a question; undefined when there is no one to ask (input closed or not a terminal). */
export type Ask = (question: string) => Promise<string | undefined>;

/** An Ask over a readline interface; input that ends while a question waits answers undefined. */
export const askWith =
  (rl: Interface | undefined): Ask =>
  async (question) => {
    if (!rl) return undefined;
    const closed = new Promise<undefined>((resolve) => rl.once("close", () => resolve(undefined)));
    return Promise.race([rl.question(question).catch(() => undefined), closed]);
  };

/**
 * `exports new push|pull <name>`: writes a dataset file from flags, asking for what is missing
 * and refusing each bad answer with the rule's own message. Exit 0 when the file is written,
 * 1 when an answer given as a flag is wrong, 2 for usage errors (an existing file, no answers).
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
  const { value: config, errors } = await loadConfig(root);
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
    for (const p of nameProblems) out.stderr(`${p.message} [${p.rule}]\n`);
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
  const answers: Answers = { name };

  /** Takes a value for `key` from its flag or the prompt, until the rules accept it. */
  const take = async (
    key: string,
    flag: string | string[] | undefined,
    question: string,
    parse: (text: string) => string | string[],
    optional = false,
  ): Promise<boolean> => {
    let value: string | string[] | undefined = flag;
    for (;;) {
      if (value === undefined) {
        const answer = await ask(question);
        if (optional && (answer === undefined || answer.trim() === "")) return true;
        if (answer === undefined) {
          out.stderr(`exports new: ${key} is needed; give it as a flag or answer the question.\n`);
          return false;
        }
        value = parse(answer.trim());
      }
      answers[key] = value;
      const problems: Issue[] = problemsWith(kind, name, answers, key, settings);
      if (key === "expires" && problems.length === 0)
        problems.push(...expiryProblems(kind, name, answers, settings, options.now));
      if (problems.length === 0) return true;
      for (const p of problems) out.stderr(`${p.message} [${p.rule}]\n`);
      if (flag !== undefined) return false;
      value = undefined;
    }
  };
  const list = (text: string) => text.split(/[\s,]+/).filter(Boolean);

  if (kind === "push") {
    if (!(await take("bucket", options.bucket, "Target bucket (its name, e.g. receiving-team-bucket): ", (t) => t)))
      return 1;
  } else if (
    !(await take("pull_arns", options.pullArn, "IAM role ARNs that may read the bucket (space-separated): ", list))
  )
    return 1;
  if (
    !(await take(
      "users",
      options.user,
      `Platform users (space-separated, e.g. ${settings.userNamePattern.source.replace(/^\^|\$$/g, "").replace(/\[.*$/, "")}jane): `,
      list,
    ))
  )
    return 1;
  if (kind === "push" && options.keepFiles) answers.keep_files = true;
  if (kind === "pull" && options.allowPush) answers.allow_push = true;
  if (kind === "pull" && options.versioning) answers.bucket_versioning = true;
  // With require_expires, a new dataset must say which paperwork allows it and when that ends.
  const required = settings.requireExpires;
  if (
    (options.paperwork !== undefined || required) &&
    !(await take(
      "paperwork",
      options.paperwork,
      "Paperwork (a link to the data sharing agreement or DPIA): ",
      (t) => t,
    ))
  )
    return 1;
  const expiresQuestion = `Last day of access, YYYY-MM-DD in ${settings.timeZone} (when the agreement ends or is reviewed${required ? "" : "; empty for none"}): `;
  if (!(await take("expires", options.expires, expiresQuestion, (t) => t, !required))) return 1;

  const text = datasetText(kind, answers);
  const check = validateDataset(kind, `${DATASET_FOLDERS[kind]}/${name}.yaml`, text, settings);
  if (check.errors.length > 0) {
    for (const e of check.errors) out.stderr(`${e.file}:${e.line}:${e.column}: ${e.message} [${e.rule}]\n`);
    return 1;
  }
  // "wx" creates the file or fails: it never follows a link planted where the file would go.
  const written = await writeFile(join(root, path), text, { flag: "wx" }).then(
    () => true,
    () => false,
  );
  if (!written) {
    out.stderr(`exports new: ${path} appeared or is a link while this ran; nothing was written.\n`);
    return 2;
  }
  out.stdout(
    `Wrote ${DATASET_FOLDERS[kind]}/${name}.yaml. Next: npx exports plan, then open a pull request from the branch ${kind}_dataset/${name}.\n`,
  );
  return 0;
}
