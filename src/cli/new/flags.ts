import type { DatasetKey } from "../../config/schema";
import type { NewOptions } from "./command";

/**
 * Every flag of `exports new` that gives a dataset key, in one table: the command line is built
 * from it, and a refused value's fix names the flag from it (`Pass --bucket their-bucket`).
 */
export const NEW_FLAGS: readonly {
  /** The dataset key it gives, as the schema declares it. */
  key: DatasetKey;
  /** As Commander reads it: the flag, then its value's placeholder. */
  spec: string;
  help: string;
  /** Where Commander puts its value (the flag in camelCase). */
  option: keyof NewOptions;
  /** For a flag giving one part of a key (an entry of files:): that part, as the messages name it. */
  part?: string;
}[] = [
  { key: "bucket", spec: "--bucket <name>", help: "push: the target bucket's name", option: "bucket" },
  {
    key: "bucket_owner",
    spec: "--bucket-owner <account id>",
    help: "push: the 12-digit account that owns the target bucket",
    option: "bucketOwner",
  },
  { key: "users", spec: "--user <name...>", help: "platform users", option: "user" },
  {
    key: "pull_arns",
    spec: "--pull-arn <arn...>",
    help: "pull: IAM role ARNs that may read the bucket",
    option: "pullArn",
  },
  {
    key: "google_service_accounts",
    spec: "--google-service-account <id:email...>",
    help: "pull: Google Cloud service accounts that may read it",
    option: "googleServiceAccount",
  },
  {
    key: "azure_workloads",
    spec: "--azure-workload <tenant/object-id/audience...>",
    help: "pull: Azure workloads that may read it",
    option: "azureWorkload",
  },
  {
    key: "keep_files",
    spec: "--keep-files",
    help: "push: keep files in the export bucket after copying",
    option: "keepFiles",
  },
  { key: "allow_push", spec: "--allow-push", help: "pull: let the pull_arns roles write too", option: "allowPush" },
  {
    key: "bucket_versioning",
    spec: "--versioning",
    help: "pull: keep every version of every object",
    option: "versioning",
  },
  { key: "paperwork", spec: "--paperwork <link>", help: "the DPIA or data sharing agreement", option: "paperwork" },
  {
    key: "expires",
    spec: "--expires <date>",
    help: "the last day of access, YYYY-MM-DD: when the paperwork ends or is reviewed",
    option: "expires",
  },
  {
    key: "notify",
    spec: "--notify <address...>",
    help: "push: e-mail addresses told of failed deliveries (at most 5)",
    option: "notify",
  },
  {
    key: "notify_deliveries",
    spec: "--notify-deliveries",
    help: "push: also tell them of every delivery",
    option: "notifyDeliveries",
  },
  {
    key: "files",
    part: "formats",
    spec: "--file-format <format...>",
    help: "push: a data contract's formats (csv, csv.gz, parquet, jsonl): only these files leave",
    option: "fileFormat",
  },
  {
    key: "files",
    part: "columns",
    spec: "--column <name...>",
    help: "push: with --file-format, the exact columns each file must have",
    option: "column",
  },
  {
    key: "files",
    part: "max_size",
    spec: "--max-size <size>",
    help: "push: with --file-format, the largest file that may leave (500 MB, 2 GiB)",
    option: "maxSize",
  },
];

/**
 * The flag that gives `key` (or the part of a key, `formats` of files:), with its value's
 * placeholder (`--pull-arn <arn...>`).
 */
export function flagSpec(key: string): string {
  const found = NEW_FLAGS.find((f) => f.part === key) ?? NEW_FLAGS.find((f) => f.key === key);
  if (!found) throw new Error(`exports new has no flag for ${key}`);
  return found.spec;
}

/** The flag that gives `key`, as typed on the command line (`--pull-arn`). */
export function flagOf(key: string): string {
  return flagSpec(key).split(" ")[0] ?? "";
}
