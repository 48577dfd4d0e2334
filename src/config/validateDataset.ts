import type { RuleMeta } from "./ruleMeta";
import { DATASET_RULES } from "./datasetRules";
import { pullBucketName } from "./names";
import type { ParsedNode } from "yaml";
import {
  listItems,
  valueNode,
  type AzureWorkload,
  type Dataset,
  type DatasetFile,
  type GoogleServiceAccount,
  type DatasetKind,
  type DatasetSource,
  type Position,
} from "./dataset";
import { partition, type Issue, type Validated } from "./issue";
import { message } from "./message";
import { parseMapping } from "./parseMapping";
import { isIgnoredKey } from "./rules/ignoredKey";
import { fileSchemas } from "./schema";
import type { Settings } from "./settings";
import { SourceFile } from "./sourceFile";

/** The rule `schema`: its id and its row of docs/rules.md. */
export const SCHEMA_RULE: RuleMeta = {
  id: "schema",
  severity: "error",
  description:
    "A safety net: a file the rules pass must also match the published JSON Schema. Property tests check that this never fires.",
};

const EXPECTED = {
  push: "a mapping with name, bucket and users",
  pull: "a mapping with name, pull_arns and users",
};

/** A dataset file's checked content: the dataset when it has no errors, and the parsed file for cross-file rules. */
export interface DatasetResult extends Validated<Dataset | undefined> {
  file: DatasetFile | undefined;
}

/**
 * Validates one dataset file's text. Pure and total: any text gives a result, never an exception,
 * and every issue is located in the file.
 */
export function validateDataset(kind: DatasetKind, path: string, text: string, settings: Settings): DatasetResult {
  const source = new SourceFile(path, text);
  const { map, issues } = parseMapping(source, EXPECTED[kind]);
  if (!map) return { value: undefined, file: undefined, ...partition(issues) };

  const file: DatasetFile = { kind, source, map };
  // Parsing's own warnings (a leading byte order mark) come first.
  const found: Issue[] = [...issues, ...DATASET_RULES.flatMap((rule) => rule.check(file, { settings }))];
  const { errors, warnings } = partition(found);
  if (errors.length > 0) return { value: undefined, file, errors, warnings };

  // The schema is the last word: a shape the rules missed still cannot become a dataset.
  // Keys the old system ignored were warned about; they mean nothing here, so the schema does not see them.
  const raw = Object.fromEntries(
    Object.entries(map.toJSON() as Record<string, unknown>).filter(([key]) => !isIgnoredKey(kind, key)),
  );
  const parsed = fileSchemas(settings)[kind].safeParse(raw);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${i.path.join(".") || "(file)"}: ${i.message}`).join("; ");
    const issue = source.issueAt(
      map,
      SCHEMA_RULE.id,
      "error",
      message("the file does not match the dataset schema", detail, "Compare it with the examples in the guide."),
    );
    return { value: undefined, file, errors: [issue], warnings };
  }
  return { value: toDataset(kind, path, parsed.data, settings, sourceOf(file)), file, errors, warnings };
}

function sourceOf(file: DatasetFile): DatasetSource {
  const at = (node: ParsedNode | null | undefined) => file.source.position(node?.range?.[0] ?? 0);
  const users: Record<string, Position> = {};
  for (const node of listItems(file, "users")) {
    const user = String((node as { value?: unknown }).value);
    users[user] ??= at(node);
  }
  const expires = valueNode(file, "expires");
  const takesOver = valueNode(file, "takes_over");
  return {
    name: at(valueNode(file, "name")),
    users,
    ...(expires ? { expires: at(expires) } : {}),
    ...(takesOver ? { takesOver: at(takesOver) } : {}),
  };
}

type Flag = boolean | [boolean] | undefined;
const flag = (value: Flag): boolean => (Array.isArray(value) ? value[0] : (value ?? false));
const unique = (list: string[]) => [...new Set(list)];
const uniqueBy = <T>(list: T[], key: (item: T) => string): T[] => [
  ...new Map(list.map((item) => [key(item), item])).values(),
];

function toDataset(
  kind: DatasetKind,
  file: string,
  raw: Record<string, unknown>,
  settings: Settings,
  source: DatasetSource,
): Dataset {
  const paperwork = {
    ...(raw.paperwork === undefined ? {} : { paperwork: [raw.paperwork as string | string[]].flat() }),
    ...(typeof raw.expires === "string" ? { expires: raw.expires } : {}),
    ...(typeof raw.takes_over === "string" ? { takesOver: raw.takes_over } : {}),
  };
  const name = raw.name as string;
  const users = unique(raw.users as string[]);
  if (kind === "push") {
    const bucket = (raw.bucket ?? raw.target_bucket) as string;
    const kmsKey = typeof raw.kms_key === "string" ? { kmsKey: raw.kms_key } : {};
    const bucketOwner = typeof raw.bucket_owner === "string" ? { bucketOwner: raw.bucket_owner } : {};
    const notify = Array.isArray(raw.notify)
      ? { notify: { emails: unique(raw.notify as string[]), deliveries: flag(raw.notify_deliveries as Flag) } }
      : {};
    return {
      kind,
      name,
      bucket,
      users,
      keepFiles: flag(raw.keep_files as Flag),
      ...kmsKey,
      ...bucketOwner,
      ...paperwork,
      ...notify,
      file,
      source,
    };
  }
  return {
    kind,
    name,
    bucket: pullBucketName(settings.pullBucketPrefix, name),
    pullArns: unique((raw.pull_arns as string[] | undefined) ?? []),
    googleServiceAccounts: uniqueBy(
      (raw.google_service_accounts as GoogleServiceAccount[] | undefined) ?? [],
      (a) => a.id,
    ),
    azureWorkloads: uniqueBy(
      ((raw.azure_workloads as { tenant: string; object_id: string; audience: string }[] | undefined) ?? []).map(
        (w): AzureWorkload => ({ tenant: w.tenant, objectId: w.object_id, audience: w.audience }),
      ),
      (w) => `${w.tenant} ${w.objectId} ${w.audience}`,
    ),
    users,
    allowPush: flag(raw.allow_push as Flag),
    bucketVersioning: flag(raw.bucket_versioning as Flag),
    ...paperwork,
    file,
    source,
  };
}
