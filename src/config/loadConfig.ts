import type { RuleMeta } from "./ruleMeta";
import { lstatSync, readFileSync, type Stats } from "node:fs";
import { lstat, readdir } from "node:fs/promises";
import { join } from "node:path";
import type { Config } from "./config";
import { DATASET_FOLDERS, type DatasetKind, type DatasetText } from "./dataset";
import { INVISIBLE_CHARACTER, characterName } from "./characters";
import { DATASET_FILE_NAME } from "./datasetFileName";
import { retainedPullBuckets, type RetainedBucket } from "./earlierRemovals";
import { compareText, partition, type Issue, type Validated } from "./issue";
import { message, quote } from "./message";
import { FILE_READABLE_RULE, MAX_FILE_CHARS } from "./parseMapping";
import type { BaseNames } from "./rules/nameUnique";
import { SETTINGS_FILE } from "./settings";
import { SourceFile } from "./sourceFile";
import { checkAcrossFiles, validateFiles } from "./validateConfig";
import { validateSettings } from "./validateSettings";

/** The rule `file-symlink`: its id and its row of docs/rules.md. */
export const FILE_SYMLINK_RULE: RuleMeta = {
  id: "file-symlink",
  severity: "error",
  description:
    "Dataset files, the dataset folders and the settings file are real files in the repository, never symbolic links. A link is not followed, so nothing outside the repository is read and no target's content reaches a message.",
};

/** The rule `dataset-folder`: its id and its row of docs/rules.md. */
export const DATASET_FOLDER_RULE: RuleMeta = {
  id: "dataset-folder",
  severity: "error",
  description:
    '`push_datasets` and `pull_datasets`, where present, are folders. A file of that name is reported at its path, never read as "no datasets".',
};

/** The rule `file-extension`: its id and its row of docs/rules.md. */
export const FILE_EXTENSION_RULE: RuleMeta = {
  id: "file-extension",
  severity: "error",
  description:
    "Dataset folders hold only `<name>.yaml` files. A `.yml` file, a README, a sub-folder, a hidden file or folder (`.prettierrc.yaml`, `.npmrc`: never read as a dataset, even when it ends in `.yaml`) or a tool's configuration (`eslint.config.js`) is reported, never silently ignored: tools read such files as their configuration (decision 0008). A file name holding a control or invisible character (a terminal escape, a line break, a bidirectional override, a zero-width space) is refused with the name to give it: reviewers read file names in the pull request, the plan and the annotations.",
};

const KINDS: DatasetKind[] = ["push", "pull"];

const fileIssue = (
  file: string,
  rule: string,
  what: string,
  found: string,
  fix: string,
  at = { line: 1, column: 1 },
): Issue => ({ file, ...at, rule, severity: "error", message: message(what, found, fix) });

/**
 * A symbolic link in place of a dataset file, a dataset folder or the settings file. It is never
 * followed: it could point outside the repository, and its target's content would reach messages.
 */
const symlinkIssue = (path: string): Issue =>
  fileIssue(
    path,
    FILE_SYMLINK_RULE.id,
    "dataset files, their folders and the settings file must be in the repository itself, not symbolic links",
    "a symbolic link (not followed)",
    "Replace the link with the file or folder itself.",
  );

/** A dataset folder that is a file: its datasets would otherwise be read as none at all. */
const notAFolder = (folder: string): Issue =>
  fileIssue(
    folder,
    DATASET_FOLDER_RULE.id,
    `${folder} must be a folder holding the dataset files`,
    "a file",
    `Remove it, then create the folder ${folder}/ and put each dataset file in it as ${folder}/<name>.yaml.`,
  );

/** The line and column of the first byte that is not UTF-8, and that byte, for a located message. */
function firstInvalidByte(path: string, bytes: Uint8Array): { at: { line: number; column: number }; found: string } {
  const lossy = new TextDecoder("utf-8").decode(bytes);
  const index = Math.max(0, lossy.indexOf("\uFFFD"));
  const valid = lossy.slice(0, index);
  // The decoder drops a leading byte order mark (3 bytes), which the offset must count.
  const mark = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const byte = bytes[mark + Buffer.byteLength(valid, "utf8")] ?? 0;
  return {
    at: new SourceFile(path, valid).position(index),
    found: `the byte 0x${byte.toString(16).toUpperCase().padStart(2, "0")}, which UTF-8 text cannot hold there`,
  };
}

/** A path where a file should be and is not (a folder, a device, or nothing lstat can see). */
const notReadable = (path: string, found: string): Issue =>
  fileIssue(
    path,
    FILE_READABLE_RULE.id,
    "this path must be a file",
    found,
    "Replace it with a dataset file, or remove it.",
  );

/** One decoder for every file: without { stream: true }, each decode starts afresh. */
const UTF8 = new TextDecoder("utf-8", { fatal: true });

/** What lstat says of a path, or undefined when it cannot say (nothing there, no access). */
function lstatOf(full: string): Stats | undefined {
  try {
    return lstatSync(full);
  } catch {
    return undefined;
  }
}

/**
 * Reads a file that should be small UTF-8 text, refusing folders, huge files and binary before
 * parsing. `info` is what lstat said of it. The calls are synchronous on purpose: the files are
 * small (at most 1 MiB, most under 1 KiB), and each call of fs/promises is a round trip through
 * libuv's thread pool. For 1,000 files, lstat and readFile took 70 to 130 ms of CPU that way,
 * against 8 to 18 ms synchronously (docs/benchmarks.md, issue 25).
 */
function readText(root: string, path: string, info = lstatOf(join(root, path))): { text: string } | { issue: Issue } {
  const full = join(root, path);
  if (info === undefined) return { issue: notReadable(path, "something that is not a readable file") };
  if (info.isSymbolicLink()) return { issue: symlinkIssue(path) };
  if (!info.isFile())
    return { issue: notReadable(path, info.isDirectory() ? "a folder" : "something that is not a readable file") };
  // Four bytes per character at most: a file this large cannot be within the character limit.
  if (info.size > MAX_FILE_CHARS * 4) {
    return {
      issue: fileIssue(
        path,
        FILE_READABLE_RULE.id,
        `the file is larger than ${MAX_FILE_CHARS / 1024} KiB`,
        `${info.size} bytes`,
        "Split it or remove what it does not need.",
      ),
    };
  }
  const bytes = readFileSync(full);
  try {
    return { text: UTF8.decode(bytes) };
  } catch {
    const { at, found } = firstInvalidByte(path, bytes);
    return {
      issue: fileIssue(path, FILE_READABLE_RULE.id, "the file is not UTF-8 text", found, "Save it as UTF-8 text.", at),
    };
  }
}

/** How to mend an entry of a dataset folder that is not a dataset file. */
function notDatasetFileFix(folder: string, name: string, isFolder: boolean): string {
  // Tools read hidden files (.prettierrc, .npmrc, .editorconfig) as their configuration: never data.
  if (name.startsWith("."))
    return `Hidden ${isFolder ? "folders" : "files"} have no place in ${folder}/, which tools must never read configuration from: move it out, and name a dataset file <name>.yaml, e.g. ${folder}/court_listings.yaml.`;
  if (isFolder) return `Dataset files sit directly in ${folder}/; move the files out of this folder.`;
  const stem = name.replace(/\.[^.]*$/, "");
  // Only a stem that could be a dataset's name makes a rename worth suggesting (not eslint.config.js).
  if (/^[a-z0-9][a-z0-9_-]*$/.test(stem))
    return `Dataset files end in .yaml: rename it to ${folder}/${stem}.yaml, or move it out of ${folder}/.`;
  return `Move it out of ${folder}/: it holds dataset files only, each named after its dataset, e.g. ${folder}/court_listings.yaml.`;
}

// A character a file name must not hold: it would hide, reorder or forge the name reviewers read in
// the pull request, the plan and the annotations (controls, format characters, invisible spaces).
const UNSEEN = new RegExp(`[\\p{Cc}\\p{Cf}\\p{Zl}\\p{Zp}]|${INVISIBLE_CHARACTER.source}`, "u");

/** The issue for a dataset file whose name holds a character no reader sees, with a name to give it. */
function unseenInName(folder: string, name: string): Issue | undefined {
  const unseen = [...name].find((c) => UNSEEN.test(c));
  if (unseen === undefined) return undefined;
  const bare = [...name].filter((c) => !UNSEEN.test(c)).join("");
  const fix = /^[a-z0-9][a-z0-9_-]*\.yaml$/.test(bare)
    ? `Rename it to ${folder}/${bare}.`
    : `Rename it to ${folder}/<name>.yaml, the dataset's name, e.g. ${folder}/court_listings.yaml.`;
  return fileIssue(
    `${folder}/${name}`,
    FILE_EXTENSION_RULE.id,
    `a dataset file's name holds ${characterName(unseen)}, which would hide or reorder the name reviewers read`,
    quote(name),
    fix,
  );
}

/** The dataset files of one folder, and an issue for everything else in it: nothing there is ignored. */
async function readFolder(root: string, kind: DatasetKind): Promise<{ texts: DatasetText[]; issues: Issue[] }> {
  const folder = DATASET_FOLDERS[kind];
  const info = await lstat(join(root, folder)).catch(() => undefined);
  if (info?.isSymbolicLink()) return { texts: [], issues: [symlinkIssue(folder)] };
  if (info && !info.isDirectory()) return { texts: [], issues: [notAFolder(folder)] };
  const entries = await readdir(join(root, folder), { withFileTypes: true }).catch(() => []);
  const read = entries
    .sort((a, b) => compareText(a.name, b.name))
    .map((entry): DatasetText | Issue => {
      const path = `${folder}/${entry.name}`;
      if (entry.isSymbolicLink()) return symlinkIssue(path);
      const unseen = unseenInName(folder, entry.name);
      if (unseen) return unseen;
      if (DATASET_FILE_NAME.test(entry.name)) {
        const file = readText(root, path);
        return "issue" in file ? file.issue : { kind, path, text: file.text };
      }
      return fileIssue(
        path,
        FILE_EXTENSION_RULE.id,
        `${folder}/ holds only dataset files named <name>.yaml`,
        quote(entry.name),
        notDatasetFileFix(folder, entry.name, entry.isDirectory()),
      );
    });
  const texts = read.filter((r): r is DatasetText => "text" in r);
  const issues = read.filter((r): r is Issue => "rule" in r);
  return { texts, issues };
}

/**
 * True when `root` has at least one dataset folder: the sign it is a data-exports repository. A
 * file of that name counts too, so that loading reports it (dataset-folder) rather than the
 * repository being taken for another.
 */
export async function hasDatasetFolders(root: string): Promise<boolean> {
  const found = await Promise.all(
    KINDS.map((k) =>
      lstat(join(root, DATASET_FOLDERS[k])).then(
        () => true,
        () => false,
      ),
    ),
  );
  return found.some(Boolean);
}

/** What loadConfig reads besides the files; tests count the history reads. */
export interface LoadOptions {
  /** The pull buckets that removed pull datasets left behind, from the repository's history. */
  retainedPullBuckets?: (root: string, prefix: string) => Promise<RetainedBucket[]>;
  /** The names the files declared on the branch a change merges into, by path (see nameUnique). */
  base?: BaseNames;
  /** A dataset file not yet written, judged with the others as if it were there (`exports new`). */
  adding?: DatasetText;
}

/**
 * Reads the settings and every dataset file under `root` and validates them. Errors in the
 * settings stop there: datasets cannot be judged against settings that are wrong. The git
 * history is read only when the rule that needs it could fire: when a valid push dataset's target
 * starts with the pull-bucket prefix, as every pull bucket's name does (target-pull-bucket).
 */
export async function loadConfig(root: string, options: LoadOptions = {}): Promise<Validated<Config>> {
  // One lstat tells both whether there is a settings file and what it is.
  const settingsInfo = lstatOf(join(root, SETTINGS_FILE));
  const settingsRead = settingsInfo && readText(root, SETTINGS_FILE, settingsInfo);
  if (settingsRead && "issue" in settingsRead) {
    return {
      value: { settings: validateSettings(undefined).value, push: [], pull: [] },
      ...partition([settingsRead.issue]),
    };
  }
  const settings = validateSettings(settingsRead ? new SourceFile(SETTINGS_FILE, settingsRead.text) : undefined);
  if (settings.errors.length > 0) {
    return {
      value: { settings: settings.value, push: [], pull: [] },
      errors: settings.errors,
      warnings: settings.warnings,
    };
  }
  const folders = await Promise.all(KINDS.map((kind) => readFolder(root, kind)));
  const texts = [...folders.flatMap((f) => f.texts), ...(options.adding ? [options.adding] : [])];
  const readIssues = folders.flatMap((f) => f.issues);
  const prefix = settings.value.pullBucketPrefix;
  const results = validateFiles(settings.value, texts);
  let result = checkAcrossFiles(settings.value, results, readIssues, [], options.base);
  if (result.value.push.some((d) => d.bucket.startsWith(prefix))) {
    const retained = await (options.retainedPullBuckets ?? retainedPullBuckets)(root, prefix);
    // Only the rules that span files read the history: the files are not validated again.
    if (retained.length > 0) result = checkAcrossFiles(settings.value, results, readIssues, retained, options.base);
  }
  return { ...result, warnings: [...settings.warnings, ...result.warnings] };
}
