import { lstat, mkdir, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import type { Interface } from "node:readline/promises";
import { DATASET_FOLDERS, type DatasetKind } from "../../config/dataset";
import { hasDatasetFolders, loadConfig } from "../../config/loadConfig";
import { SETTINGS_FILE } from "../../config/settings";
import { userNamePrefix } from "../../config/userNamePattern";
import { validateDataset } from "../../config/validateDataset";
import type { Output } from "../output";
import type { Issue } from "../../config/issue";
import { datasetText, expiryProblems, problemsWith, type Answers } from "./datasetFile";

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
    flag: Answers[string] | undefined,
    question: string,
    parse: (text: string) => Answers[string],
    optional = false,
  ): Promise<boolean> => {
    let value: Answers[string] | undefined = flag;
    for (;;) {
      if (value === undefined) {
        const answer = await ask(question);
        if (optional && (answer === undefined || answer.trim() === "")) return true;
        if (answer === undefined) {
          out.stderr(`exports new: ${key} is needed; give it as a flag or answer the question.\n`);
          return false;
        }
        // An optional question answered with nothing leaves its key out of the file.
        if (optional && answer.trim() === "") return true;
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
  const googleAccounts = (text: string) =>
    list(text).map((item) => {
      const at = item.indexOf(":");
      return at < 0 ? { id: item, email: "" } : { id: item.slice(0, at), email: item.slice(at + 1) };
    });
  const azureWorkloads = (text: string) =>
    list(text).map((item) => {
      const [tenant = "", objectId = "", ...audience] = item.split("/");
      return { tenant, object_id: objectId, audience: audience.join("/") };
    });

  /**
   * Who reads a pull bucket: IAM roles, Google service accounts, Azure workloads. Flags say which;
   * without any, it asks for roles, and for the other two only when no role is given.
   */
  const pullPrincipals = async (): Promise<boolean> => {
    const federated = options.googleServiceAccount !== undefined || options.azureWorkload !== undefined;
    if (options.pullArn !== undefined || !federated) {
      const question = federated
        ? "IAM role ARNs that may read the bucket (space-separated): "
        : "IAM role ARNs that may read the bucket (space-separated; none if only Google Cloud or Azure workloads read it): ";
      if (!(await take("pull_arns", options.pullArn, question, list, !federated))) return false;
    }
    const asking = !federated && answers.pull_arns === undefined;
    const federatedPrincipals = [
      {
        key: "google_service_accounts",
        flag: options.googleServiceAccount,
        question:
          "Google Cloud service accounts that may read it, as <unique id>:<e-mail> (space-separated; none for none): ",
        parse: googleAccounts,
      },
      {
        key: "azure_workloads",
        flag: options.azureWorkload,
        question:
          "Azure workloads that may read it, as <tenant id>/<object id>/<audience> (space-separated; none for none): ",
        parse: azureWorkloads,
      },
    ];
    for (const { key, flag, question, parse } of federatedPrincipals)
      if ((flag !== undefined || asking) && !(await take(key, flag && parse(flag.join(" ")), question, parse, asking)))
        return false;
    return true;
  };

  if (kind === "push") {
    if (!(await take("bucket", options.bucket, "Target bucket (its name, e.g. receiving-team-bucket): ", (t) => t)))
      return 1;
    // Optional, so never asked: the receiving team may not know it yet, and the plan says it is not stated.
    if (options.bucketOwner !== undefined && !(await take("bucket_owner", options.bucketOwner, "", (t) => t))) return 1;
  } else if (!(await pullPrincipals())) return 1;
  if (
    !(await take(
      "users",
      options.user,
      `Platform users (space-separated, e.g. ${userNamePrefix(settings.userNamePattern)}jane): `,
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
  if (kind === "push" && options.notify !== undefined) {
    if (!(await take("notify", options.notify, "", list))) return 1;
    if (options.notifyDeliveries) answers.notify_deliveries = true;
  }

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
