import * as z from "zod";
import {
  ACCOUNT_ID,
  BUCKET_NAME,
  IAM_ROLE_NAME_MAX,
  KMS_KEY_ARN,
  PULL_BUCKET_PREFIX,
  PULL_NAME,
  PUSH_NAME,
  PUSH_NAME_MAX,
  REGION,
  ROLE_ARN,
  USER_ARN,
  iamRoleNameProblem,
  ENTRA_AUDIENCE,
  GOOGLE_SERVICE_ACCOUNT_EMAIL,
  GOOGLE_UNIQUE_ID,
  GUID,
} from "./names";
import { NOTIFY_MAX, notifyAddressSchema } from "./notifyAddress";
import { DEFAULT_SETTINGS, type Settings } from "./settings";
import { ANCHORED } from "./userNamePattern";
import { EXPIRES_DATE } from "./expiry";
import { LEDGER_RETENTION_YEARS, expirySettingsSchema } from "./expirySettings";
import { PAPERWORK_ENTRIES_MAX, PAPERWORK_ENTRY_MAX } from "./rules/paperworkSize";
import type { DatasetKind } from "./dataset";
import { FORMATS } from "../contracts/inspection";
import {
  COLUMNS_MAX,
  COLUMN_NAME_MAX,
  FILE_ENTRIES_MAX,
  MAX_SIZE_LIMIT,
  MAX_SIZE_TEXT,
  PREFIX_MAX,
  SIZE_TEXT,
  SUB_PREFIX,
  UNSAFE_IN_NAME,
  sizeBytes,
} from "./fileContract";

// Keyed by the settings the schemas read (see sharedFields), not by the settings object: the
// schemas built at load for DEFAULT_SETTINGS serve every settings file that keeps its user-name
// pattern and time zone, so validate builds them once rather than twice.
const built = new WeakMap<Settings["userNamePattern"], Map<Settings["timeZone"], FileSchemas>>();

/**
 * The shape of each file kind, as written (legacy spellings included). It is the source of the
 * published JSON Schemas and the last check a file passes; the named rules give the messages.
 * Built once per user-name pattern and time zone.
 */
export function fileSchemas(settings: Settings): FileSchemas {
  let byZone = built.get(settings.userNamePattern);
  if (!byZone) built.set(settings.userNamePattern, (byZone = new Map<Settings["timeZone"], FileSchemas>()));
  let schemas = byZone.get(settings.timeZone);
  if (!schemas) byZone.set(settings.timeZone, (schemas = buildFileSchemas(settings)));
  return schemas;
}

/** The schema of each dataset file kind: every key a dataset file may hold is declared here, once. */
export type FileSchemas = ReturnType<typeof buildFileSchemas>;
/** The keys of a dataset file kind and their schemas. */
export type DatasetShape<K extends DatasetKind> = FileSchemas[K]["shape"];
/** A key of either kind of dataset file. */
export type DatasetKey = keyof DatasetShape<"push"> | keyof DatasetShape<"pull">;
/** A dataset file's content as the schema gives it, once it has passed. */
export type ParsedFile<K extends DatasetKind> = z.output<FileSchemas[K]>;
/** A yes/no option's value as written: true or false, or the older one-element list. */
export type Flag = z.output<ReturnType<typeof flag>>;
/** The keys of a dataset file kind whose value is a yes/no option. */
export type FlagKey<K extends DatasetKind> = {
  [P in keyof DatasetShape<K>]-?: z.output<DatasetShape<K>[P]> extends Flag ? P : never;
}[keyof DatasetShape<K>];

// Which schemas are yes/no options: the flag keys are read from the shapes, not listed by hand.
const flags = new WeakSet<z.ZodType>();

function flag(what: string) {
  const schema = z
    .union([
      z.boolean(),
      z
        .tuple([z.boolean()])
        .meta({ deprecated: true, description: "Older one-element list form; write true or false." }),
    ])
    .optional()
    .describe(what);
  flags.add(schema);
  return schema;
}

/** Reads `settings.userNamePattern` and `settings.timeZone` only: fileSchemas caches by them. */
function buildFileSchemas(settings: Pick<Settings, "userNamePattern" | "timeZone">) {
  const fields = sharedFields(settings);
  return { push: pushSchema(fields), pull: pullSchema(fields) };
}

/** The schemas both kinds use, and the name checks each kind's `takes_over` repeats. */
function sharedFields(settings: Pick<Settings, "userNamePattern" | "timeZone">) {
  const bucketName = z.string().min(3).max(63).regex(BUCKET_NAME);
  // Matched by the settings' linear-time pattern; the JSON Schema carries its source for editors.
  const user = z
    .string()
    .max(IAM_ROLE_NAME_MAX)
    .refine((name) => settings.userNamePattern.test(name) && !iamRoleNameProblem(name))
    .meta({ pattern: settings.userNamePattern.source, description: "A platform user name, as the platform wrote it." });
  const users = z.array(user).min(1).describe("Platform users who may use this dataset.");
  const reference = z.string().regex(/\S/).max(PAPERWORK_ENTRY_MAX);
  const paperwork = z
    .union([reference, z.array(reference).min(1).max(PAPERWORK_ENTRIES_MAX)])
    .optional()
    .describe(
      "Links to or references of the data protection impact assessment, data sharing agreement or other documents: one, or a list.",
    );
  const expires = z
    .string()
    .regex(EXPIRES_DATE)
    .optional()
    .describe(
      `The last day of access, YYYY-MM-DD, a whole day in ${settings.timeZone}: the date the paperwork ends or is reviewed.`,
    );
  return {
    bucketName,
    users,
    paperwork,
    expires,
    pushName: z.string().regex(PUSH_NAME).max(PUSH_NAME_MAX),
    pullName: z.string().regex(PULL_NAME),
  };
}

type SharedFields = ReturnType<typeof sharedFields>;

// A removed dataset's name, in the same form as the dataset's own.
const takesOver = (name: z.ZodString, what: string) =>
  name
    .optional()
    .describe(
      `The name of a removed dataset whose ${what} this dataset takes over knowingly: needed when a new dataset gets what a removed one left behind under another name or target.`,
    );

function pushSchema({ bucketName, users, paperwork, expires, pushName }: SharedFields) {
  return z
    .strictObject({
      name: pushName.describe("The dataset's name: the file name without .yaml."),
      bucket: bucketName.optional().describe("The target bucket's name (not an ARN or s3:// URL)."),
      target_bucket: bucketName.optional().meta({ deprecated: true, description: "Older spelling of bucket." }),
      users,
      keep_files: flag("Keep files in the export bucket after copying them (default false)."),
      kms_key: z
        .string()
        .regex(KMS_KEY_ARN)
        .optional()
        .describe("ARN of the receiving team's KMS key, when their bucket demands SSE-KMS with it."),
      bucket_owner: z
        .string()
        .regex(ACCOUNT_ID)
        .optional()
        .describe(
          "The 12-digit AWS account id, quoted, that owns the target bucket: the mover writes to the bucket only while that account owns it.",
        ),
      paperwork,
      expires,
      takes_over: takesOver(pushName, "waiting files (under its prefix of the export bucket)"),
      notify: z
        .array(notifyAddressSchema)
        .min(1)
        .max(NOTIFY_MAX)
        .optional()
        .meta({ uniqueItems: true })
        .describe(
          "E-mail addresses told when a file of this dataset fails to arrive (each must confirm the subscription SNS sends).",
        ),
      notify_deliveries: flag(
        "Also tell the notify addresses of every file that arrives (default false: failures only).",
      ),
      files: filesSchema,
    })
    .refine((d) => (d.bucket === undefined) !== (d.target_bucket === undefined), {
      message: "give bucket (or the older target_bucket), not both",
    })
    .meta({
      title: "Push dataset",
      description: "Files written under the dataset's prefix are sent to the target bucket.",
    });
}

// A push dataset's data contract (decision 0016); the files-* rules give the messages.
const filesSchema = z
  .array(
    z.strictObject({
      prefix: z
        .string()
        .max(PREFIX_MAX)
        .regex(SUB_PREFIX)
        .optional()
        .describe(
          "The folder under the dataset's own that this entry covers, ending with /; without it, the whole dataset.",
        ),
      formats: z
        .array(z.enum(FORMATS))
        .min(1)
        .meta({ uniqueItems: true })
        .describe("The formats that may leave, judged by each file's content."),
      max_size: z
        .string()
        .regex(SIZE_TEXT)
        .refine((text) => {
          const bytes = sizeBytes(text) ?? 0;
          return bytes >= 1 && bytes <= MAX_SIZE_LIMIT;
        })
        .optional()
        .describe(
          `The largest file that may leave: a number and a unit (500 MB, 2 GiB), at most ${MAX_SIZE_TEXT} (about 48.8 TiB).`,
        ),
      columns: z
        .array(
          z
            .string()
            .max(COLUMN_NAME_MAX)
            .regex(/\S/)
            .refine((name) => !UNSAFE_IN_NAME.test(name)),
        )
        .min(1)
        .max(COLUMNS_MAX)
        .meta({ uniqueItems: true })
        .describe("The exact column names a file must have: all of them, no other, in any order, case-sensitive."),
    }),
  )
  .min(1)
  .max(FILE_ENTRIES_MAX)
  .optional()
  .describe("The data contract: which files may leave, per folder of the dataset. Without it, any file leaves.");

function pullSchema({ users, paperwork, expires, pullName }: SharedFields) {
  return z
    .strictObject({
      name: pullName.describe("The dataset's name: the file name without .yaml."),
      pull_arns: z
        .array(
          z
            .union([
              z.string().regex(ROLE_ARN).describe("An IAM role ARN: arn:aws:iam::<account>:role/<name>."),
              z
                .string()
                .regex(USER_ARN)
                .meta({ deprecated: true, description: "An IAM user ARN: accepted, but a role is safer." }),
            ])
            .describe("An IAM role ARN: arn:aws:iam::<account>:role/<name>."),
        )
        .min(1)
        .optional()
        .describe(
          "IAM roles in other accounts that may read the pull bucket. A pull dataset names these, Google service accounts or Azure workloads, or several.",
        ),
      users,
      google_service_accounts: z
        .array(
          z.strictObject({
            id: z.string().regex(GOOGLE_UNIQUE_ID).describe("The service account's unique id: 21 digits, quoted."),
            email: z
              .string()
              .regex(GOOGLE_SERVICE_ACCOUNT_EMAIL)
              .describe("The service account's e-mail, for display."),
          }),
        )
        .min(1)
        .optional()
        .describe("Google Cloud service accounts that may read the pull bucket through web identity federation."),
      azure_workloads: z
        .array(
          z.strictObject({
            tenant: z.string().regex(GUID).describe("The Microsoft Entra ID tenant id (a GUID)."),
            object_id: z
              .string()
              .regex(GUID)
              .describe("The object (principal) id of the managed identity or the application's service principal."),
            audience: z
              .string()
              .regex(ENTRA_AUDIENCE)
              .describe("The Application ID URI (api://…) or client id the workload asks its token for."),
          }),
        )
        .min(1)
        .optional()
        .describe("Microsoft Entra ID workloads that may read the pull bucket through web identity federation."),
      allow_push: flag("Let the pull_arns roles and federated principals write to the bucket too (default false)."),
      bucket_versioning: flag("Keep every version of every object (default false)."),
      paperwork,
      expires,
      takes_over: takesOver(pullName, "retained bucket and its data"),
    })
    .meta({ title: "Pull dataset", description: "A bucket the users fill and the pull_arns roles read." });
}

/** The shape of `exports.settings.yaml`; every key is optional and has a default. */
export const settingsFileSchema = z
  .strictObject({
    export_bucket: z.string().regex(BUCKET_NAME).optional().describe("Bucket platform users write push exports to."),
    pull_bucket_prefix: z.string().regex(PULL_BUCKET_PREFIX).optional().describe("Prefix of every pull bucket's name."),
    user_name_pattern: z
      .string()
      .regex(ANCHORED)
      .optional()
      .describe("Regular expression, anchored with ^ and $, that every platform user name matches."),
    account_id: z.string().regex(ACCOUNT_ID).optional().describe("The platform's AWS account id, 12 digits, quoted."),
    region: z
      .string()
      .regex(REGION)
      .optional()
      .describe("The AWS region to deploy to, in the aws partition, e.g. eu-west-1."),
    reserved_buckets: z
      .array(z.string().regex(BUCKET_NAME))
      .optional()
      .describe(
        "Buckets of the platform's own besides those it creates: no push dataset may send files to them, and no pull bucket may take their name.",
      ),
    alarm_emails: z
      .string()
      .optional()
      .describe("Email addresses, separated by commas, that the alarms notify (each must confirm its subscription)."),
    ...expirySettingsSchema,
    ledger_retention_years: z
      .number()
      .int()
      .min(LEDGER_RETENTION_YEARS.min)
      .max(LEDGER_RETENTION_YEARS.max)
      .optional()
      .describe(
        "Years each delivery record is kept, locked in compliance mode so no one can delete it or shorten its retention (default 7).",
      ),
  })
  .meta({ title: "data-exports settings" });

const shapes = fileSchemas(DEFAULT_SETTINGS);

/** The keys a file of each kind may hold, in the order the guide lists them. */
export const DATASET_KEYS = {
  push: Object.keys(shapes.push.shape),
  pull: Object.keys(shapes.pull.shape),
} as const;

// The compiler knows which keys are flags (FlagKey); this reads the same from the shapes at run
// time, and test/config/datasetKeys.test.ts holds the two together.
function flagKeysOf<K extends DatasetKind>(kind: K): FlagKey<K>[] {
  const shape: Record<string, z.ZodType> = shapes[kind].shape;
  return Object.entries(shape).flatMap(([key, schema]) => (flags.has(schema) ? [key as FlagKey<K>] : []));
}

/** The yes/no options of each kind, as the schema declares them, in the guide's order. */
export const FLAG_KEYS: { [K in DatasetKind]: readonly FlagKey<K>[] } = {
  push: flagKeysOf("push"),
  pull: flagKeysOf("pull"),
};

/** The keys the settings file may hold. */
export const SETTINGS_KEYS = Object.keys(settingsFileSchema.shape);
