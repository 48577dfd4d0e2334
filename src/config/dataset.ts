import { isScalar, isSeq, type Pair, type ParsedNode, type YAMLMap } from "yaml";
import type { DataContract } from "../contracts/contract";
import type { Issue } from "./issue";
import type { RuleMeta } from "./ruleMeta";
import type { Settings } from "./settings";
import type { SourceFile } from "./sourceFile";

export type DatasetKind = "push" | "pull";

/** The folder each kind of dataset file lives in, relative to the repository root. */
export const DATASET_FOLDERS: Record<DatasetKind, string> = { push: "push_datasets", pull: "pull_datasets" };

/** A place in a dataset file, 1-based. */
export interface Position {
  line: number;
  column: number;
}

/** Where a dataset's entries are written, so later findings (policy limits, missing roles) can point at them. */
export interface DatasetSource {
  name: Position;
  /** Each user's first entry in `users`. */
  users: Record<string, Position>;
  /** The `expires` value, when the file gives one. */
  expires?: Position;
  /** The `takes_over` value, when the file gives one. */
  takesOver?: Position;
}

/** A push dataset: files its users write under `<export bucket>/<name>/` go to `bucket`. */
export interface PushDataset {
  kind: "push";
  name: string;
  /** The target bucket, in the receiving account. */
  bucket: string;
  users: string[];
  keepFiles: boolean;
  /** The receiving team's KMS key ARN, when their bucket demands SSE-KMS with it. */
  kmsKey?: string;
  /** The account that owns the target bucket, when the file says: the mover writes only while it does. */
  bucketOwner?: string;
  /** References of the documents that allow the export (impact assessment, sharing agreement…), as written. */
  paperwork?: string[];
  /** The last day of access, YYYY-MM-DD, a whole day in the settings' time zone. */
  expires?: string;
  /** The removed dataset whose waiting files this one knowingly takes over (decision 0004). */
  takesOver?: string;
  /** Who is e-mailed about its deliveries: failures always, every delivery when `deliveries`. */
  notify?: NotifyList;
  /** Its `files:` data contract (decision 0016): which files may leave; without it, any file does. */
  files?: DataContract;
  /** The dataset file, relative to the repository root. */
  file: string;
  source: DatasetSource;
}

/** A push dataset's `notify:` addresses and `notify_deliveries:` flag. */
export interface NotifyList {
  emails: string[];
  deliveries: boolean;
}

/** A pull dataset: a bucket its users fill and its pull principals read. */
export interface PullDataset {
  kind: "pull";
  name: string;
  /** The pull bucket's name, derived from the dataset name and the settings' prefix. */
  bucket: string;
  /** IAM role ARNs, and (an older form, warned about) IAM user ARNs. */
  pullArns: string[];
  /** Google Cloud service accounts that read the bucket through the dataset's federated role. */
  googleServiceAccounts: GoogleServiceAccount[];
  /** Microsoft Entra ID workloads that read the bucket through the dataset's federated role. */
  azureWorkloads: AzureWorkload[];
  users: string[];
  allowPush: boolean;
  bucketVersioning: boolean;
  paperwork?: string[];
  /** The last day of access, YYYY-MM-DD, a whole day in the settings' time zone. */
  expires?: string;
  /** The removed dataset whose retained bucket, with its data, this one knowingly takes over (decision 0004). */
  takesOver?: string;
  file: string;
  source: DatasetSource;
}

/** A Google Cloud service account: its unique id is what a token names; the e-mail is for people. */
export interface GoogleServiceAccount {
  id: string;
  email: string;
}

/** A Microsoft Entra ID workload: the tenant that issues its tokens, its object id, the audience it asks for. */
export interface AzureWorkload {
  tenant: string;
  objectId: string;
  audience: string;
}

export type Dataset = PushDataset | PullDataset;

type Entry = Pair<ParsedNode, ParsedNode | null>;

/** A dataset file as read from disk. */
export interface DatasetText {
  kind: DatasetKind;
  /** Relative to the repository root. */
  path: string;
  text: string;
}

/** A dataset file that parsed to one mapping, ready for the rules to read. */
export interface DatasetFile {
  kind: DatasetKind;
  source: SourceFile;
  map: YAMLMap.Parsed<ParsedNode, ParsedNode | null>;
}

/** What a dataset rule may consult besides the file itself. */
export interface RuleContext {
  settings: Settings;
}

/** A named check of one dataset file; pure, and silent about anything that is another rule's job. */
export interface DatasetRule extends RuleMeta {
  check(file: DatasetFile, context: RuleContext): Issue[];
}

/**
 * A file's pairs by key, built on its first look-up: some forty rules look up their keys in every
 * file, and a scan of the pairs for each look-up was a measurable part of validating 1,000 files
 * (issue 25). A key given twice keeps its first pair, as the scan found it (duplicate-key reports
 * the second). Only the last mapping's index is kept: the rules read one file at a time, so nearly
 * every look-up is answered from it, and a mapping looked up again after another is indexed again
 * (the same index: a parsed mapping is never changed). A WeakMap of every file's index cost more
 * than it saved: its look-ups, and its entries, which each garbage collection of the young
 * generation must trace (issue 25).
 */
let last: { map: DatasetFile["map"]; index: Map<unknown, Entry> } | undefined;

function keyIndex(map: DatasetFile["map"]): Map<unknown, Entry> {
  if (last?.map === map) return last.index;
  const index = new Map<unknown, Entry>();
  for (const pair of map.items) if (isScalar(pair.key) && !index.has(pair.key.value)) index.set(pair.key.value, pair);
  last = { map, index };
  return index;
}

/** The key-value pair for `key`, if the file has it. */
export function entry(file: DatasetFile, key: string): Entry | undefined {
  return keyIndex(file.map).get(key);
}

/** The value node for `key`: undefined when the key is absent, null when it has no value. */
export function valueNode(file: DatasetFile, key: string): ParsedNode | null | undefined {
  return entry(file, key)?.value;
}

/** The value of `key` when it is a string, else undefined. */
export function stringValue(file: DatasetFile, key: string): string | undefined {
  const node = valueNode(file, key);
  return isScalar(node) && typeof node.value === "string" ? node.value : undefined;
}

/** The items of `key`'s value when it is a list, else an empty list. */
export function listItems(file: DatasetFile, key: string): ParsedNode[] {
  const node = valueNode(file, key);
  return isSeq(node) ? node.items : [];
}

/** The items of `key`'s list that are text, with their nodes for locating findings; other items are left to other rules. */
export function textItems(file: DatasetFile, key: string): { node: ParsedNode; text: string }[] {
  // A loop, not flatMap: a dozen rules ask for every file's lists (issue 25).
  const items: { node: ParsedNode; text: string }[] = [];
  for (const node of listItems(file, key))
    if (isScalar(node) && typeof node.value === "string") items.push({ node, text: node.value });
  return items;
}

/** The file name without its folder and `.yaml`: what the dataset's `name` must be. */
export function fileStem(file: DatasetFile): string {
  return stemOf(file.source.path);
}

/** The stem of a dataset file's path (see fileStem). */
export function stemOf(path: string): string {
  // What (path.split("/").pop() ?? "").replace(/\.yaml$/, "") gives, without the array and the regex.
  const name = path.slice(path.lastIndexOf("/") + 1);
  return name.endsWith(".yaml") ? name.slice(0, -".yaml".length) : name;
}
