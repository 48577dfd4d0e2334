import type { DatasetKind } from "../../config/dataset";
import { NOTIFY_MAX } from "../../config/notifyAddress";
import { userNamePrefix } from "../../config/userNamePattern";
import type { Output } from "../output";
import type { AnswerTaker } from "./answers";
import type { NewOptions } from "./command";
import type { Answers } from "./datasetFile";
import { NEW_FLAGS } from "./flags";

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
    out.stderr(
      "exports new: a pull dataset needs at least one reader: an IAM role ARN, a Google Cloud service account or an Azure workload.\n",
    );
    if (t.closed) return false;
  }
}

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
  const { requireExpires: required, timeZone, userNamePattern } = t.settings;
  // Every flag is checked on its own first, all of them: the questions come only after.
  const given = NEW_FLAGS.flatMap(({ key, option }) => {
    const value = flagValue(key, options[option]);
    return value === undefined ? [] : [{ key, value }];
  });
  if (!given.map(({ key, value }) => t.checkFlag(key, value)).every(Boolean)) return false;
  const steps: (() => Promise<boolean>)[] = [
    () =>
      kind === "push"
        ? t.take("bucket", options.bucket, "Target bucket (its name, e.g. receiving-team-bucket): ", text)
        : pullPrincipals(options, t, out),
    () =>
      t.take(
        "users",
        options.user,
        `Platform users (space-separated, e.g. ${userNamePrefix(userNamePattern)}jane): `,
        list,
      ),
    () =>
      t.take(
        "paperwork",
        options.paperwork,
        `Paperwork (a link to the data sharing agreement or DPIA${required ? "" : "; empty for none"}): `,
        text,
        !required,
      ),
    () =>
      t.take(
        "expires",
        options.expires,
        `Last day of access, YYYY-MM-DD in ${timeZone} (when the agreement ends or is reviewed${required ? "" : "; empty for none"}): `,
        text,
        !required,
      ),
    ...(kind === "push" ? pushOptions(options, t) : pullOptions(options, t)),
  ];
  for (const step of steps) if (!(await step())) return false;
  return true;
}

/** A push dataset's optional keys, each asked with its default. */
function pushOptions(options: NewOptions, t: AnswerTaker): (() => Promise<boolean>)[] {
  return [
    () =>
      t.take(
        "bucket_owner",
        options.bucketOwner,
        "Account id of the target bucket's owner, 12 digits (the mover then writes only while that account owns it; empty if not known): ",
        text,
        true,
      ),
    () => t.yesNo("keep_files", options.keepFiles, "Keep files in the export bucket after copying them? [y/N]: "),
    () =>
      t.take(
        "notify",
        options.notify,
        `E-mail addresses told when a delivery fails (space-separated, at most ${NOTIFY_MAX}; empty for none): `,
        list,
        true,
      ),
    async () =>
      t.answers.notify === undefined ||
      t.yesNo("notify_deliveries", options.notifyDeliveries, "Tell them of every delivery too? [y/N]: "),
  ];
}

/** A pull dataset's optional keys, each asked with its default. */
function pullOptions(options: NewOptions, t: AnswerTaker): (() => Promise<boolean>)[] {
  return [
    () => t.yesNo("allow_push", options.allowPush, "May the readers also write to the bucket? [y/N]: "),
    () => t.yesNo("bucket_versioning", options.versioning, "Keep every version of every object? [y/N]: "),
  ];
}
