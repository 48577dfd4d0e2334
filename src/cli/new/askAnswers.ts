import type { DatasetKind } from "../../config/dataset";
import { NOTIFY_MAX } from "../../config/notifyAddress";
import { userNamePrefix } from "../../config/userNamePattern";
import type { Output } from "../output";
import type { AnswerTaker } from "./answers";
import type { NewOptions } from "./command";
import type { Answers } from "./datasetFile";
import { NEW_FLAGS, flagSpec } from "./flags";
import { askContract, contractPart, flaggedEntry } from "./contractStep";
import type { DatasetShape } from "../../config/schema";

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
const text = (t: string) => t;

const FEDERATED = [
  {
    key: "google_service_accounts",
    flag: (o: NewOptions) => o.googleServiceAccount,
    question:
      "Google Cloud service accounts that may read it, as <unique id>:<e-mail> (space-separated; none for none): ",
    parse: googleAccounts,
  },
  {
    key: "azure_workloads",
    flag: (o: NewOptions) => o.azureWorkload,
    question:
      "Azure workloads that may read it, as <tenant id>/<object id>/<audience> (space-separated; none for none): ",
    parse: azureWorkloads,
  },
];

/** A flag's value as the file holds it; undefined when the flag is not given or takes no value. */
function flagValue(key: string, given: NewOptions[keyof NewOptions]): Answers[string] | undefined {
  if (typeof given !== "string" && !Array.isArray(given)) return undefined;
  if (key === "files") return undefined; // its flags give one entry together: checked below
  const federated = FEDERATED.find((f) => f.key === key);
  return federated ? federated.parse([given].flat().join(" ")) : given;
}

/**
 * Who reads a pull bucket: IAM roles, Google service accounts, Azure workloads. Flags say which;
 * without any, it asks for roles, then for the other two when no role is given, and again from
 * the start until at least one reader is named.
 */
async function pullPrincipals(options: NewOptions, t: AnswerTaker, out: Output): Promise<boolean> {
  const federated = options.googleServiceAccount !== undefined || options.azureWorkload !== undefined;
  for (;;) {
    if (options.pullArn !== undefined || !federated) {
      const question = federated
        ? "IAM role ARNs that may read the bucket (space-separated): "
        : "IAM role ARNs that may read the bucket (space-separated; none if only Google Cloud or Azure workloads read it): ";
      if (!(await t.take("pull_arns", options.pullArn, question, list, !federated))) return false;
    }
    const asking = !federated && t.answers.pull_arns === undefined;
    for (const { key, flag, question, parse } of FEDERATED) {
      const given = flag(options);
      if (
        (given !== undefined || asking) &&
        !(await t.take(key, given && parse(given.join(" ")), question, parse, asking))
      )
        return false;
    }
    if (federated || t.answers.pull_arns || FEDERATED.some(({ key }) => t.answers[key])) return true;
    if (t.closed) {
      // Nobody is left to ask: the fix is a flag to pass.
      const flags = `${flagSpec("pull_arns")}, ${flagSpec("google_service_accounts")} or ${flagSpec("azure_workloads")}`;
      out.stderr(`exports new: a pull dataset needs at least one reader: pass ${flags}, or answer the questions.\n`);
      return false;
    }
    out.stderr(
      "exports new: a pull dataset needs at least one reader: an IAM role ARN, a Google Cloud service account or an Azure workload.\n",
    );
  }
}

/** Asks for one key (or a group of keys that go together), its flag first; false to stop. */
type Step = (options: NewOptions, t: AnswerTaker, out: Output) => Promise<boolean>;

/**
 * What `exports new` asks for each key of a file of kind K, in the order it asks: one entry per
 * key of the schema, so a key added there fails to compile until it is asked here or said not
 * to be (null).
 */
type Steps<K extends DatasetKind> = { readonly [P in keyof DatasetShape<K>]-?: Step | null };

const users: Step = (options, t) =>
  t.take(
    "users",
    options.user,
    `Platform users (space-separated, e.g. ${userNamePrefix(t.settings.userNamePattern)}jane): `,
    list,
  );
const paperwork: Step = (options, t) =>
  t.take(
    "paperwork",
    options.paperwork,
    `Paperwork (a link to the data sharing agreement or DPIA${t.settings.requireExpires ? "" : "; empty for none"}): `,
    text,
    !t.settings.requireExpires,
  );
const expires: Step = (options, t) =>
  t.take(
    "expires",
    options.expires,
    `Last day of access, YYYY-MM-DD in ${t.settings.timeZone} (when the agreement ends or is reviewed${t.settings.requireExpires ? "" : "; empty for none"}): `,
    text,
    !t.settings.requireExpires,
  );

export const PUSH_STEPS = {
  name: null, // the command's argument
  bucket: (options, t) =>
    t.take("bucket", options.bucket, "Target bucket (its name, e.g. receiving-team-bucket): ", text),
  target_bucket: null, // the older spelling of bucket
  users,
  paperwork,
  expires,
  bucket_owner: (options, t) =>
    t.take(
      "bucket_owner",
      options.bucketOwner,
      "Account id of the target bucket's owner, 12 digits (the mover then writes only while that account owns it; empty if not known): ",
      text,
      true,
    ),
  keep_files: (options, t) =>
    t.yesNo("keep_files", options.keepFiles, "Keep files in the export bucket after copying them? [y/N]: "),
  notify: (options, t) =>
    t.take(
      "notify",
      options.notify,
      `E-mail addresses told when a delivery fails (space-separated, at most ${NOTIFY_MAX}; empty for none): `,
      list,
      true,
    ),
  notify_deliveries: async (options, t) =>
    t.answers.notify === undefined ||
    t.yesNo("notify_deliveries", options.notifyDeliveries, "Tell them of every delivery too? [y/N]: "),
  files: (options, t) => askContract(options, t),
  kms_key: null, // for the few receiving buckets that demand SSE-KMS: written by hand
  takes_over: null, // a reviewed decision about a removed dataset, never a default
} satisfies Steps<"push">;

export const PULL_STEPS = {
  name: null, // the command's argument
  pull_arns: pullPrincipals,
  google_service_accounts: null, // asked with pull_arns: the readers
  azure_workloads: null, // asked with pull_arns: the readers
  users,
  paperwork,
  expires,
  allow_push: (options, t) =>
    t.yesNo("allow_push", options.allowPush, "May the readers also write to the bucket? [y/N]: "),
  bucket_versioning: (options, t) =>
    t.yesNo("bucket_versioning", options.versioning, "Keep every version of every object? [y/N]: "),
  takes_over: null, // a reviewed decision about a removed dataset, never a default
} satisfies Steps<"pull">;

/**
 * Takes every answer of a new dataset file, from its flag or by asking: first what the file
 * needs, then the paperwork and last day of access, then the optional keys with their defaults.
 * False when a flag is wrong or input ends before a needed answer.
 */
export async function askAnswers(
  kind: DatasetKind,
  options: NewOptions,
  t: AnswerTaker,
  out: Output,
): Promise<boolean> {
  // Every flag is checked on its own first, all of them: the questions come only after.
  const given = NEW_FLAGS.flatMap(({ key, option }) => {
    const value = flagValue(key, options[option]);
    return value === undefined ? [] : [{ key, value }];
  });
  const entry = flaggedEntry(options);
  if (entry && kind === "pull") {
    out.stderr(
      "exports new --file-format: a data contract applies to push datasets only (the mover checks files as they leave); leave out --file-format, --column and --max-size.\n",
    );
    return false;
  }
  const checked = [
    ...given.map(({ key, value }) => t.checkFlag(key, value)),
    entry === undefined || t.checkFlag("files", [entry], contractPart),
  ];
  if (!checked.every(Boolean)) return false;
  const steps: (Step | null)[] = Object.values(kind === "push" ? PUSH_STEPS : PULL_STEPS);
  for (const step of steps) if (step && !(await step(options, t, out))) return false;
  return true;
}
