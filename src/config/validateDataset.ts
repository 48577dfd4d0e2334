import type { RuleMeta } from "./ruleMeta";
import { DATASET_RULES } from "./datasetRules";
import type { ParsedNode } from "yaml";
import type { z } from "zod";
import {
  valueNode,
  type Dataset,
  type DatasetFile,
  type DatasetKind,
  type DatasetSource,
  type DatasetText,
  type Position,
} from "./dataset";
import { factsOf, type FileFacts } from "./fileFacts";
import { partition, type Issue, type Validated } from "./issue";
import { message } from "./message";
import { parseMapping } from "./parseMapping";
import { isIgnoredKey } from "./rules/ignoredKey";
import { fileSchemas } from "./schema";
import type { Settings } from "./settings";
import { SourceFile } from "./sourceFile";
import { toPullDataset, toPushDataset } from "./toDataset";

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

/**
 * A dataset file's checked content: the dataset when it has no errors, and what the cross-file
 * rules read of the file when it parsed to a mapping (its facts, not its parsed YAML, which is
 * freed as soon as the file is validated: a thousand parsed files kept alive slow every later one).
 */
export interface DatasetResult extends Validated<Dataset | undefined> {
  facts: FileFacts | undefined;
}

/**
 * Validates one dataset file's text. Pure and total: any text gives a result, never an exception,
 * and every issue is located in the file.
 */
export function validateDataset(kind: DatasetKind, path: string, text: string, settings: Settings): DatasetResult {
  return schemaStage(ruleStage(parseStage({ kind, path, text }), settings), settings);
}

/**
 * How many files go through each stage before the next stage starts. Run file by file, parsing,
 * the rules and the schema take turns in the processor's caches, and each evicts the others' code;
 * run stage by stage over a few files, each stage's code stays warm. 16 files: most of the gain
 * (validating 1,000 files took a sixth less, docs/benchmarks.md), and few parsed files alive at once.
 */
const STAGE_BATCH = 16;

/** Validates each file as validateDataset does, with the same results in the same order, quicker for many. */
export function validateDatasets(texts: readonly DatasetText[], settings: Settings): DatasetResult[] {
  const results: DatasetResult[] = [];
  for (let start = 0; start < texts.length; start += STAGE_BATCH) {
    const parsed = texts.slice(start, start + STAGE_BATCH).map(parseStage);
    const checked = parsed.map((file) => ruleStage(file, settings));
    for (const file of checked) results.push(schemaStage(file, settings));
  }
  return results;
}

/** A file after a stage: its result once one is known, or what the next stage needs. */
type Staged<T> = { done: DatasetResult } | ({ done?: undefined } & T);
type Parsed = Staged<{ file: DatasetFile; issues: Issue[] }>;
type Checked = Staged<{ file: DatasetFile; facts: FileFacts; source: DatasetSource; warnings: Issue[] }>;

/** The file's YAML, which must be one mapping. */
function parseStage({ kind, path, text }: DatasetText): Parsed {
  const source = new SourceFile(path, text);
  const { map, issues } = parseMapping(source, EXPECTED[kind]);
  if (!map) return { done: { value: undefined, facts: undefined, ...partition(issues) } };
  return { file: { kind, source, map }, issues };
}

/** The named rules, and what the cross-file rules and the dataset read of the file. */
function ruleStage(parsed: Parsed, settings: Settings): Checked {
  if (parsed.done) return parsed;
  const { file } = parsed;
  // Parsing's own warnings (a leading byte order mark) come first. A loop, not flatMap: most rules
  // find nothing, and for 1,000 files flatMap's arrays were a tenth of the rules' time (issue 25).
  const found: Issue[] = [...parsed.issues];
  const context = { settings };
  for (const rule of DATASET_RULES) {
    const issued = rule.check(file, context);
    if (issued.length > 0) found.push(...issued);
  }
  const { errors, warnings } = partition(found);
  const facts = factsOf(file);
  if (errors.length > 0) return { done: { value: undefined, facts, errors, warnings } };
  return { file, facts, source: sourceOf(file, facts), warnings };
}

/** The dataset, once the schema has passed the file too. */
function schemaStage(checked: Checked, settings: Settings): DatasetResult {
  if (checked.done) return checked.done;
  const { file, facts, source, warnings } = checked;
  // The schema is the last word: a shape the rules missed still cannot become a dataset.
  // Keys the old system ignored were warned about; they mean nothing here, so the schema does not see them.
  // toJSON gives a new object: it is copied without the ignored keys only when it has some.
  const json = file.map.toJSON() as Record<string, unknown>;
  const ignored = (key: string) => isIgnoredKey(file.kind, key);
  const raw = Object.keys(json).some(ignored)
    ? Object.fromEntries(Object.entries(json).filter(([key]) => !ignored(key)))
    : json;
  const parsed = toDataset(file.kind, raw, settings, file.source.path, source);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${i.path.join(".") || "(file)"}: ${i.message}`).join("; ");
    const issue = file.source.issueAt(
      file.map,
      SCHEMA_RULE.id,
      "error",
      message("the file does not match the dataset schema", detail, "Compare it with the examples in the guide."),
    );
    return { value: undefined, facts, errors: [issue], warnings };
  }
  return { value: parsed.data, facts, errors: [], warnings };
}

/**
 * How a file is parsed: without zod's fast path, which zod compiles with `new Function` for each
 * object schema on its first parse. V8's code cache (decision 0020) cannot keep code made that
 * way, so `exports validate` compiled it at every start; run without it, the repository's own
 * files validate sooner, and 1,000 files no slower (docs/benchmarks.md).
 */
const PARSE = { jitless: true } as const;

/** The dataset a file describes, once the schema has passed it. */
function toDataset(
  kind: DatasetKind,
  raw: Record<string, unknown>,
  settings: Settings,
  path: string,
  source: DatasetSource,
): { success: true; data: Dataset } | { success: false; error: z.ZodError } {
  const schemas = fileSchemas(settings);
  if (kind === "push") {
    const parsed = schemas.push.safeParse(raw, PARSE);
    return parsed.success ? { success: true, data: toPushDataset(parsed.data, settings, path, source) } : parsed;
  }
  const parsed = schemas.pull.safeParse(raw, PARSE);
  return parsed.success ? { success: true, data: toPullDataset(parsed.data, settings, path, source) } : parsed;
}

/**
 * Where a valid dataset's parts are written. Its users come from the facts already taken: the
 * rules have passed, so every user is text and the facts list them all.
 */
function sourceOf(file: DatasetFile, facts: FileFacts): DatasetSource {
  const at = (node: ParsedNode | null | undefined) => file.source.position(node?.range?.[0] ?? 0);
  const users: Record<string, Position> = {};
  for (const user of facts.users) users[user.name] ??= file.source.position(user.at);
  const expires = valueNode(file, "expires");
  const takesOver = valueNode(file, "takes_over");
  return {
    name: file.source.position(facts.nameAt),
    users,
    ...(expires ? { expires: at(expires) } : {}),
    ...(takesOver ? { takesOver: at(takesOver) } : {}),
  };
}
