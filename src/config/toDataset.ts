import type { AzureWorkload, Dataset, DatasetKind, DatasetSource, PullDataset, PushDataset } from "./dataset";
import { assemble, given, nothing, type KeyTable } from "./keyTable";
import { pullBucketName } from "./names";
import type { FileContract } from "../contracts/contract";
import { sizeBytes } from "./fileContract";
import type { Flag, ParsedFile } from "./schema";
import type { Settings } from "./settings";

const flag = (value: Flag): boolean => (Array.isArray(value) ? value[0] : (value ?? false));
const unique = (list: readonly string[]) => [...new Set(list)];
const uniqueBy = <T>(list: readonly T[], key: (item: T) => string): T[] => [
  ...new Map(list.map((item) => [key(item), item])).values(),
];

/** How each key of a file of kind K becomes part of its dataset: one entry per key of the schema. */
export type DatasetParts<K extends DatasetKind> = KeyTable<
  ParsedFile<K>,
  Extract<Dataset, { kind: K }>,
  [file: ParsedFile<K>, settings: Settings]
>;

// The keys both kinds hold, read the same way.
const shared = {
  users: (f: { users: string[] }) => ({ users: unique(f.users) }),
  paperwork: (f: { paperwork?: string | string[] | undefined }) =>
    given("paperwork", f.paperwork === undefined ? undefined : [f.paperwork].flat()),
  expires: (f: { expires?: string | undefined }) => given("expires", f.expires),
  takes_over: (f: { takes_over?: string | undefined }) => given("takesOver", f.takes_over),
};

/** A push file's keys, in the schema's order. */
export const PUSH_PARTS = {
  name: (f) => ({ name: f.name }),
  // The schema refuses a file with neither spelling, or both.
  bucket: (f) => ({ bucket: f.bucket ?? f.target_bucket ?? "" }),
  target_bucket: nothing, // the older spelling of bucket, read there
  users: shared.users,
  keep_files: (f) => ({ keepFiles: flag(f.keep_files) }),
  kms_key: (f) => given("kmsKey", f.kms_key),
  bucket_owner: (f) => given("bucketOwner", f.bucket_owner),
  paperwork: shared.paperwork,
  expires: shared.expires,
  takes_over: shared.takes_over,
  notify: (f) => given("notify", f.notify && { emails: unique(f.notify), deliveries: flag(f.notify_deliveries) }),
  notify_deliveries: nothing, // read with notify: it says what the addresses are told
  files: (f) => given("files", f.files?.map(fileContract)),
} satisfies DatasetParts<"push">;

/** One `files:` entry as the mover reads it: "" for the whole dataset, the size in bytes. */
function fileContract(entry: NonNullable<ParsedFile<"push">["files"]>[number]): FileContract {
  const maxBytes = entry.max_size === undefined ? undefined : sizeBytes(entry.max_size);
  return {
    prefix: entry.prefix ?? "",
    formats: entry.formats,
    ...(maxBytes === undefined ? {} : { maxBytes }),
    columns: entry.columns,
  };
}

/** A pull file's keys; the readers before users, the order a pull dataset has always had. */
export const PULL_PARTS = {
  name: (f, settings) => ({ name: f.name, bucket: pullBucketName(settings.pullBucketPrefix, f.name) }),
  pull_arns: (f) => ({ pullArns: unique(f.pull_arns ?? []) }),
  google_service_accounts: (f) => ({
    googleServiceAccounts: uniqueBy(f.google_service_accounts ?? [], (a) => a.id),
  }),
  azure_workloads: (f) => ({
    azureWorkloads: uniqueBy(
      (f.azure_workloads ?? []).map((w): AzureWorkload => ({
        tenant: w.tenant,
        objectId: w.object_id,
        audience: w.audience,
      })),
      (w) => `${w.tenant} ${w.objectId} ${w.audience}`,
    ),
  }),
  users: shared.users,
  allow_push: (f) => ({ allowPush: flag(f.allow_push) }),
  bucket_versioning: (f) => ({ bucketVersioning: flag(f.bucket_versioning) }),
  paperwork: shared.paperwork,
  expires: shared.expires,
  takes_over: shared.takes_over,
} satisfies DatasetParts<"pull">;

/** The push dataset a file that passed the schema describes. */
export function toPushDataset(
  parsed: ParsedFile<"push">,
  settings: Settings,
  file: string,
  source: DatasetSource,
): PushDataset {
  return { kind: "push", ...assemble(PUSH_PARTS, parsed, settings), file, source };
}

/** The pull dataset a file that passed the schema describes. */
export function toPullDataset(
  parsed: ParsedFile<"pull">,
  settings: Settings,
  file: string,
  source: DatasetSource,
): PullDataset {
  return { kind: "pull", ...assemble(PULL_PARTS, parsed, settings), file, source };
}
